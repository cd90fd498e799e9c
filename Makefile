# scenario: PostgreSQL extension for application-scenario innovation programmes.
# Build with PGXS:  make && make install; the tests, the demo and the
# benchmarks are ./run's commands (./run help).  VPATH builds work:
#   make -f /path/to/scenario/Makefile VPATH=/path/to/scenario

EXTENSION  = scenario
MODULE_big = scenario
PYTHON    ?= python3

# Each module adds its C objects, its piece of the install script (in load
# order) and its pg_regress tests in a block of its own; rules for files it
# generates come after include $(PGXS), below.

# core: module magic, version
OBJS      = src/scenario.o src/version.o src/aggstate.o src/tablecache.o src/textio.o
SQL_PARTS = src/scenario.sql src/tablecache.sql
REGRESS   = core

# sector: the sector type and taxonomies, in layers (src/sector_code.h):
# code arithmetic, compiled-in tables (src/sector_data.c, generated from
# data/), text, SQL functions
OBJS      += src/sector_code.o src/sector_table.o src/sector_data.o \
             src/sector_parse.o src/sector_format.o \
             src/sector_io.o src/sector_op.o src/sector_index.o src/sector_catalog.o
SQL_PARTS += src/sector.sql
REGRESS   += sector sector_catalog sector_crosswalk
EXTRA_CLEAN += src/sector_data.c

# classifier: the trainable text classifier
OBJS      += src/textfeat.o src/classifier_io.o src/classifier_agg.o \
             src/classifier_train.o src/classifier_predict.o \
             src/classifier_cache.o
OBJS      += src/classifier_parallel.o src/classifier_pack.o
SQL_PARTS += src/classifier.sql
REGRESS   += classifier

# dict: the dictionary classifier; its shipped keyword rows are generated
# from data/ and the curated list (src/dict_seed.sql)
OBJS      += src/dict_automaton.o src/dict_classify.o
SQL_PARTS += src/dict.sql src/dict_seed.sql src/dict_model.sql
REGRESS   += dict dict_model
EXTRA_CLEAN += src/dict_seed.sql

# match: matching profiles, scores, top-k; the IDF of text terms and
# Guangdong's districts and counties are generated from data/
# (src/match_idf_data.c, src/match_region_data.c)
OBJS      += src/match_profile.o src/match_io.o src/match_region.o src/match_region_data.o \
             src/match_sector.o src/match_text.o src/match_idf_data.o src/match_score.o src/match_gist.o src/match_top.o
SQL_PARTS += src/match.sql
REGRESS   += match
EXTRA_CLEAN += src/match_idf_data.c src/match_region_data.c

# assign: optimal assignment, stable matching, matching events
OBJS      += src/assign_io.o src/assign_ops.o src/assign_agg.o src/assign_build.o \
             src/assign_lsap.o src/assign_flow.o src/assign_match.o
SQL_PARTS += src/assign.sql
REGRESS   += assign

# target: targets and tracking
OBJS      += src/target_io.o src/target_zone.o src/target_eval.o src/target_track.o src/target_forecast.o src/target_svg.o
SQL_PARTS += src/target.sql
REGRESS   += target target_tracking target_grammar target_zone overflow

# funnel: pipeline stages and the funnel aggregate
OBJS      += src/funnel_io.o src/funnel_state.o src/funnel_agg.o
SQL_PARTS += src/funnel.sql
REGRESS   += funnel

# feed: the real-time match feed, a NOTIFY trigger
OBJS      += src/feed.o src/feed_args.o
SQL_PARTS += src/feed.sql
REGRESS   += feed

# bi: casts and BI support (the jsonb forms are built by the modules that
# own the types)
SQL_PARTS += src/bi.sql
REGRESS   += bi

# catalog: the catalog tables on every node of a Citus cluster (fingerprint,
# drift, sync)
OBJS      += src/catalog_sync.o
SQL_PARTS += src/catalog.sql
REGRESS   += catalog

# hardening: bad input, limits and cancellation across the modules (the
# other hardening suites are test/pgtap, test/dump, test/fuzz, test/memcheck
# and test/pgbench, run by ./run)
REGRESS  += hardening

# The install script of the current version is assembled from the modules'
# SQL; released versions' install scripts and every upgrade script are
# tracked files in sql/, installed as they are.
EXTVERSION   = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(srcdir)/scenario.control)
DATA_built   = scenario--$(EXTVERSION).sql
DATA         = $(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/sql/scenario--*.sql))
REGRESS_OPTS = --inputdir=$(srcdir)/test/regress --load-extension=scenario
PG_CPPFLAGS  = -I$(srcdir)/src -DSCENARIO_VERSION='"$(EXTVERSION)"'
PG_CFLAGS    = -Wall -Wextra -Werror -Wno-unused-parameter
# references between our own files, to functions and to data (the
# compiled-in tables), bind inside the library when it is linked: the
# dynamic loader looks up only what comes from the server and libc when a
# backend loads it (-Bsymbolic-functions left 28 tables to be looked up
# through every library of the server's scope first)
SHLIB_LINK  += -Wl,-Bsymbolic

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Generated files (EXTRA_CLEAN lists them).  In a VPATH build they and the
# objects are written under a src/ of the build folder, made here (an
# absolute name, which make does not look up through VPATH).
$(OBJS) $(OBJS:.o=.bc) $(EXTRA_CLEAN): | $(CURDIR)/src
$(CURDIR)/src:
	mkdir -p $@

$(DATA_built): $(SQL_PARTS) $(srcdir)/scenario.control
	cat $(filter %.sql,$^) > $@

src/sector_data.c: $(srcdir)/tools/gen_sectors.py $(srcdir)/src/sector.h $(srcdir)/src/sector_code.h \
		$(srcdir)/src/sector_gd_subsectors.csv $(srcdir)/src/sector_gd_gbt4754.csv \
		$(srcdir)/data/gbt4754_2017/gbt4754_2017.csv $(srcdir)/data/sei2018_top2/sei2018_level1_2.csv \
		$(srcdir)/data/gd_clusters/gd_clusters.csv $(srcdir)/data/naics2022/naics2022_structure.csv \
		$(srcdir)/data/isic_naics_concordance/isic_rev4_structure.csv \
		$(srcdir)/data/isic_naics_concordance/naics2017_to_isic4.csv \
		$(wildcard $(srcdir)/data/scenario_vocab/links_*.csv) \
		$(srcdir)/data/sei2018_gbt4754/sei2018_gbt4754.csv
	$(PYTHON) $(srcdir)/tools/gen_sectors.py $(srcdir) > $@.tmp && mv $@.tmp $@

src/dict_seed.sql: $(srcdir)/tools/gen_dict.py $(srcdir)/src/dict_curated.csv \
		$(srcdir)/data/gbt4754_2017/gbt4754_2017.csv \
		$(wildcard $(srcdir)/data/scenario_vocab/*.csv) \
		$(srcdir)/data/isic_naics_concordance/isic_rev4_structure.csv \
		$(srcdir)/data/isic_naics_concordance/naics2017_to_isic4.csv
	$(PYTHON) $(srcdir)/tools/gen_dict.py $(srcdir) > $@.tmp && mv $@.tmp $@

src/match_idf_data.c: $(srcdir)/tools/gen_match_idf.py \
		$(srcdir)/data/thucnews_titles/dev.txt $(srcdir)/data/thucnews_titles/test.txt \
		$(srcdir)/data/gbt4754_2017/gbt4754_2017.csv $(srcdir)/data/ipc2012_desc/ipc2012_desc.csv
	$(PYTHON) $(srcdir)/tools/gen_match_idf.py $(srcdir)/data > $@.tmp && mv $@.tmp $@

src/match_region_data.c: $(srcdir)/tools/gen_match_regions.py \
		$(srcdir)/data/gbt2260_guangdong/gbt2260_guangdong.csv
	$(PYTHON) $(srcdir)/tools/gen_match_regions.py $(srcdir) > $@.tmp && mv $@.tmp $@

# the version is compiled in from the control file
src/version.o: $(srcdir)/scenario.control

# every object is rebuilt when a header changes (PGXS tracks no header
# dependencies unless the server was configured with --enable-depend)
$(OBJS): $(wildcard $(srcdir)/src/*.h)
