# scenario: PostgreSQL extension for application-scenario innovation programmes.
# Build with PGXS:  make && make install   (or ./run demo / ./run test, see README)

EXTENSION  = scenario
EXTVERSION = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" scenario.control)
MODULE_big = scenario
PYTHON    ?= python3

# Each module adds its C objects, its piece of the install script (in load
# order) and its pg_regress tests in a block of its own.

# core: module magic, version
OBJS      = src/scenario.o src/version.o src/aggstate.o src/textio.o
SQL_PARTS = src/scenario.sql
REGRESS   = scenario

# sector: the sector type and taxonomies (issue 3)
OBJS      += src/sector_taxonomy.o src/sector_parse.o src/sector_io.o src/sector_op.o \
             src/sector_index.o src/sector_catalog.o src/sector_data.o \
             src/catalog_rights.o
SQL_PARTS += src/sector.sql
REGRESS   += sector sector_catalog
EXTRA_CLEAN += src/sector_data.c
# the code lists compiled into the library, generated from data/ (the rule
# must not become the default goal)
.DEFAULT_GOAL := all
src/sector_data.c: tools/gen_sectors.py src/sector_gd_subsectors.csv src/sector_gd_gbt4754.csv \
		data/gbt4754_2017/gbt4754_2017.csv data/sei2018_top2/sei2018_level1_2.csv \
		data/gd_clusters/gd_clusters.csv data/naics2022/naics2022_structure.csv \
		data/isic_naics_concordance/isic_rev4_structure.csv \
		data/isic_naics_concordance/naics2017_to_isic4.csv
	$(PYTHON) tools/gen_sectors.py . > $@.tmp && mv $@.tmp $@

# classify: text to sector (issue 4)
OBJS      += src/textfeat.o src/classifier_io.o src/classifier_agg.o \
             src/classifier_train.o src/classifier_predict.o
SQL_PARTS += src/classifier.sql
REGRESS   += classifier
# dictionary classifier (issue 4, part 1); the shipped keyword rows are
# generated from data/ and the curated list
OBJS      += src/dict_automaton.o src/dict_classify.o
SQL_PARTS += src/dict.sql src/dict_seed.sql
REGRESS   += dict
EXTRA_CLEAN += src/dict_seed.sql
src/dict_seed.sql: tools/gen_dict.py src/dict_curated.csv data/gbt4754_2017/gbt4754_2017.csv
	$(PYTHON) tools/gen_dict.py . > $@.tmp && mv $@.tmp $@

# match: matching profiles, scores, top-k (issue 5)
OBJS      += src/match_profile.o src/match_io.o src/match_region.o src/match_sector.o \
             src/match_text.o src/match_idf_data.o src/match_score.o src/match_gist.o
SQL_PARTS += src/match.sql
REGRESS   += match
EXTRA_CLEAN += src/match_idf_data.c

# assign: optimal assignment, stable matching (issue 5)
OBJS      += src/assign_io.o src/assign_ops.o src/assign_agg.o src/assign_build.o \
             src/assign_lsap.o src/assign_flow.o src/assign_match.o
SQL_PARTS += src/assign.sql
REGRESS   += assign

# target: targets and tracking (issue 6)
OBJS      += src/target_io.o src/target_eval.o src/tracking.o src/tracking_forecast.o src/tracking_svg.o
SQL_PARTS += src/target.sql
REGRESS   += target target_tracking

# funnel: pipeline stages and funnel (issue 7)
OBJS      += src/funnel_io.o src/funnel_state.o src/funnel_agg.o
SQL_PARTS += src/funnel.sql
REGRESS   += funnel

# feed: the real-time match feed, a NOTIFY trigger (issue 7)
OBJS      += src/feed.o src/feed_args.o
SQL_PARTS += src/feed.sql
REGRESS   += feed

# bi: casts and BI support (issue 7)
# (the jsonb casts are built by the modules that own the types)
SQL_PARTS += src/bi.sql
REGRESS   += bi

# hardening: fuzz, memory, dump/upgrade, security, concurrency (issue 8);
# its tools are run by ./run (test, fuzz, valgrind, asan, pgbench)
REGRESS  += hardening

# The install script of the current version is assembled from the modules'
# SQL; released versions' install scripts and every upgrade script are
# tracked files in sql/.
DATA_built  = scenario--$(EXTVERSION).sql
DATA        = $(wildcard sql/scenario--*.sql)
REGRESS_OPTS = --inputdir=test/regress --load-extension=scenario
PG_CPPFLAGS = -I$(srcdir)/src -DSCENARIO_VERSION='"$(EXTVERSION)"'
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(DATA_built): $(SQL_PARTS) scenario.control
	cat $(SQL_PARTS) > $@

# match: IDF of text terms over the shipped corpora, compiled in
src/match_idf_data.c: tools/gen_match_idf.py data/thucnews_titles/dev.txt data/thucnews_titles/test.txt \
		data/gbt4754_2017/gbt4754_2017.csv data/ipc2012_desc/ipc2012_desc.csv
	$(PYTHON) $(srcdir)/tools/gen_match_idf.py $(srcdir)/data > $@.tmp && mv $@.tmp $@

.PHONY: demo test bench fuzz valgrind asan pgbench
demo test bench fuzz valgrind asan pgbench:
	./run $@

# the version is compiled in from the control file
src/version.o: scenario.control
