"""The currency a country's deals are in, for the rep's own currency when she has not
chosen one (the computer's locale names her country), and what a currency code is."""

from __future__ import annotations

# Country (ISO 3166) = the currency its locale pays in (ISO 4217): the int_curr_symbol of
# every country's LC_MONETARY in the GNU C library's locale sources (localedata/locales),
# brought up to ISO 4217's amendments since: BYN (2016), TMT (2009), VES (2018), XCG for
# Curaçao (2025), EUR for Bulgaria (2026); Cyprus is EUR (the glibc tr_CY locale says TRY).
# A country not here has no locale of its own: the rep's currency is then EUR, as before.
_COUNTRY_CURRENCY = """
    AD=EUR AE=AED AF=AFN AG=XCD AL=ALL AM=AMD AR=ARS AT=EUR AU=AUD AW=AWG AZ=AZN
    BA=BAM BD=BDT BE=EUR BG=EUR BH=BHD BO=BOB BR=BRL BT=BTN BW=BWP BY=BYN CA=CAD
    CD=CDF CH=CHF CL=CLP CN=CNY CO=COP CR=CRC CU=CUP CW=XCG CY=EUR CZ=CZK DE=EUR
    DJ=DJF DK=DKK DO=DOP DZ=DZD EC=USD EE=EUR EG=EGP ER=ERN ES=EUR ET=ETB FI=EUR
    FJ=FJD FO=DKK FR=EUR GB=GBP GE=GEL GH=GHS GL=DKK GR=EUR GT=GTQ HK=HKD HN=HNL
    HR=EUR HT=HTG HU=HUF ID=IDR IE=EUR IL=ILS IN=INR IQ=IQD IR=IRR IS=ISK IT=EUR
    JO=JOD JP=JPY KE=KES KG=KGS KH=KHR KR=KRW KW=KWD KZ=KZT LA=LAK LB=LBP LI=CHF
    LK=LKR LT=EUR LU=EUR LV=EUR LY=LYD MA=MAD ME=EUR MG=MGA MK=MKD MM=MMK MN=MNT
    MT=EUR MU=MUR MV=MVR MX=MXN MY=MYR NG=NGN NI=NIO NL=EUR NO=NOK NP=NPR NU=NZD
    NZ=NZD OM=OMR PA=PAB PE=PEN PG=PGK PH=PHP PK=PKR PL=PLN PR=USD PT=EUR PY=PYG
    QA=QAR RO=RON RS=RSD RU=RUB RW=RWF SA=SAR SC=SCR SD=SDG SE=SEK SG=SGD SI=EUR
    SK=EUR SN=XOF SO=SOS SS=SSP SV=USD SY=SYP TH=THB TJ=TJS TM=TMT TN=TND TO=TOP
    TR=TRY TW=TWD TZ=TZS UA=UAH UG=UGX US=USD UY=UYU UZ=UZS VE=VES VN=VND VU=VUV
    WS=WST YE=YER ZA=ZAR ZM=ZMW ZW=USD
"""
COUNTRY_CURRENCY: dict[str, str] = {
    country: currency
    for country, currency in (pair.split("=") for pair in _COUNTRY_CURRENCY.split())
}
# What FollowUp used for every deal before the rep's currency was known.
FALLBACK = "EUR"


def currency_of(country: str) -> str:
    """The currency of ``country`` ("US" → "USD"), FALLBACK when it is not known."""
    return COUNTRY_CURRENCY.get(country.upper(), FALLBACK)


def currency_code(text: str) -> str:
    """``text`` as a currency code ("usd" → "USD"); ValueError when it is not three
    letters A–Z, the form of every ISO 4217 code."""
    code = text.strip().upper()
    if len(code) != 3 or not (code.isascii() and code.isalpha()):
        raise ValueError(f"{text!r} is not a currency code like EUR, USD or CHF")
    return code
