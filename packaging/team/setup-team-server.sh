#!/bin/sh
# A FollowUp team server on an existing PostgreSQL: the team's database and the admin
# login that owns it. The roles (followup_rep, followup_manager) and the row-level
# security rules come with the schema, which the admin then brings up with FollowUp.
#
#   sudo -u postgres packaging/team/setup-team-server.sh [DATABASE [ADMIN]]
#
# Run as a PostgreSQL superuser (psql's PGHOST, PGPORT and PGUSER are honoured). The
# admin's password is asked, or read from the first line of stdin. Nothing is dropped:
# a database or login that already exists is kept as it is.
set -eu

DATABASE=${1:-followup}
ADMIN=${2:-followup_admin}

if [ -t 0 ]; then
    stty -echo
    printf 'Password for the admin login %s: ' "$ADMIN"
    read -r PASSWORD
    stty echo
    echo
else
    read -r PASSWORD
fi
if [ -z "$PASSWORD" ]; then
    echo "setup-team-server: no password was given: nothing was made" >&2
    exit 2
fi

# Names and the password reach SQL only through psql's quoting (:'var', %I, %L).
psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -v admin="$ADMIN" -v database="$DATABASE" -v password="$PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEROLE PASSWORD %L', :'admin', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'admin') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', :'database', :'admin')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
-- Only the admin makes objects in the team's schema (PostgreSQL 15 and later do this
-- already): a rep's login cannot put a function of its own where the server's are found.
\connect :"database"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

# The admin's next commands run from other computers too, which reach the server by its
# name: a PGHOST that is a directory of Unix sockets (/var/run/postgresql) names none. A
# port other than PostgreSQL's own is written in the URL, and an IPv6 address bracketed.
case ${PGHOST:-} in
    '' | /* | @*) HOST=$(hostname -f 2>/dev/null || hostname) ;;
    *:*) HOST="[$PGHOST]" ;;
    *) HOST=$PGHOST ;;
esac
case ${PGPORT:-5432} in
    5432) ;;
    *) HOST=$HOST:$PGPORT ;;
esac
cat <<NEXT
The database $DATABASE is there, owned by $ADMIN. Next, as the admin, from any computer
with FollowUp (the password is asked once and kept in the system keyring):

  followup --database postgresql+psycopg://$ADMIN@$HOST/$DATABASE settings set-password team
  followup --database postgresql+psycopg://$ADMIN@$HOST/$DATABASE db migrate
  followup --database postgresql+psycopg://$ADMIN@$HOST/$DATABASE db add-rep ana --name "Ana Lima"
  followup --database postgresql+psycopg://$ADMIN@$HOST/$DATABASE db add-rep maria --manager

Each rep then connects in Settings > Team server with their own login.
NEXT
