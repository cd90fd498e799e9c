#!/usr/bin/env bash
# BI through the PostgreSQL JDBC driver (Debian's libpostgresql-jdbc-java,
# as DBeaver and Metabase use it): view metadata, values, every extension
# type, and a reporting role limited to programme_bi (test/shell/bi/BiJdbcCheck.java).
cd "$(dirname "$0")/../.."
. test/shell/bi/db.sh
jar=/usr/share/java/postgresql.jar
[ -r "$jar" ] || { echo "# $jar missing: apt-get install libpostgresql-jdbc-java"; exit 1; }
command -v javac >/dev/null || { echo "# javac missing: apt-get install default-jdk-headless"; exit 1; }
db=scenario_bi_jdbc
reader=scenario_bi_reader
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
classes=$(mktemp -d)
cleanup() { rm -rf "$classes"; dropdb --if-exists "$db"; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $reader"; }
trap cleanup EXIT
bi_db_create "$db" &&
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f test/shell/bi/sample.sql &&
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "DROP ROLE IF EXISTS $reader" \
	-c "CREATE ROLE $reader LOGIN PASSWORD '$password'" || exit 1
javac -nowarn -d "$classes" -cp "$jar" test/shell/bi/BiJdbcCheck.java || exit 1
java -cp "$jar:$classes" BiJdbcCheck "$db" "$reader" "$password"
