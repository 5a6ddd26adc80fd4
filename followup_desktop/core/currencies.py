"""The currency a country's deals are in, for the rep's own currency when she has not
chosen one (the computer's locale names her country), and which codes are currencies."""

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
# Every code of ISO 4217's list one (SIX Group, "Current currency & funds code list",
# 2026), its funds codes too (BOV, CHE, …) and those of currencies being replaced but
# still paid in (ANG, BGN, SLL, ZWL); left out are those for gold and other metals, bond
# units and drawing rights, and XTS and XXX (for testing, and "no currency"): no deal is
# in those. A made-up code ("ABC") would sum a deal in no money at all.
_ISO_4217 = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV
    BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE
    CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
    HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
    KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV
    MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
    RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT
    TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF
    XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
"""
ISO_4217 = frozenset(_ISO_4217.split())


def currency_of(country: str) -> str:
    """The currency of ``country`` ("US" → "USD"), FALLBACK when it is not known."""
    return COUNTRY_CURRENCY.get(country.upper(), FALLBACK)


def currency_code(text: str) -> str:
    """``text`` as a currency code ("usd" → "USD"); ValueError when it is not one of
    ISO 4217's ("ABC", "euro", "$")."""
    code = text.strip().upper()
    if code not in ISO_4217:
        raise ValueError(f"{text!r} is not a currency code like EUR, USD or CHF")
    return code
