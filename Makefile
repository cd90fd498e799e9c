# scenario: PostgreSQL extension for application-scenario innovation programmes.
# Build with PGXS:  make && make install   (or ./run demo / ./run test, see README)

EXTENSION  = scenario
EXTVERSION = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" scenario.control)
MODULE_big = scenario
PYTHON    ?= python3

# Each module adds its C objects, its piece of the install script (in load
# order) and its pg_regress tests in a block of its own.

# core: module magic, version
OBJS      = src/scenario.o src/aggstate.o
SQL_PARTS = src/scenario.sql
REGRESS   = scenario

# sector: the sector type and taxonomies (issue 3)

# classify: text to sector (issue 4)
OBJS      += src/textfeat.o src/classifier_io.o src/classifier_agg.o \
             src/classifier_train.o src/classifier_predict.o
SQL_PARTS += src/classifier.sql
REGRESS   += classifier

# match: matching profiles, scores, top-k (issue 5)

# assign: optimal assignment, stable matching (issue 5)
OBJS      += src/assign_io.o src/assign_ops.o src/assign_agg.o src/assign_build.o \
             src/assign_lsap.o src/assign_flow.o src/assign_match.o
SQL_PARTS += src/assign.sql
REGRESS   += assign

# target: targets and tracking (issue 6)

# funnel: pipeline stages and funnel (issue 7)
OBJS      += src/funnel_io.o src/funnel_state.o src/funnel_agg.o
SQL_PARTS += src/funnel.sql
REGRESS   += funnel

# bi: casts and BI support (issue 7)
OBJS      += src/bi.o
SQL_PARTS += src/bi.sql
REGRESS   += bi

# The install script of the current version is assembled from the modules'
# SQL; released versions' scripts are frozen at the top level beside their
# upgrade scripts.
DATA_built  = scenario--$(EXTVERSION).sql
DATA        = $(filter-out $(DATA_built), $(wildcard scenario--*.sql))
REGRESS_OPTS = --load-extension=scenario
PG_CPPFLAGS = -I$(srcdir)/src -DSCENARIO_VERSION='"$(EXTVERSION)"'
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(DATA_built): $(SQL_PARTS) scenario.control
	cat $(SQL_PARTS) > $@

.PHONY: demo test bench
demo test bench:
	./run $@
