# malimap — one non-recursive Makefile.
#
#   make            build build/malimap and build/libmalimap.a
#   make demo       install missing Debian packages, build, render mali.png
#   make test       install, build, run every test (also under ASan+UBSan)
#   make install    PREFIX=/usr/local DESTDIR= ; data goes to $(PREFIX)/share/malimap
#   make SAN=address,undefined   sanitizer build in build/san
#   make V=1        show commands

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
SAN ?=

PKGS := cairo pangocairo shapelib proj geos libpng json-c
# Debian packages: build and run, then what the tests add.
DEB_PKGS := make gcc libc6-dev pkg-config libcairo2-dev libpango1.0-dev libshp-dev \
            libproj-dev proj-data libgeos-dev libpng-dev libjson-c-dev \
            fonts-dejavu-core fonts-noto-core
DEB_TEST_PKGS := libxml2-utils poppler-utils librsvg2-bin chromium inkscape

ifeq ($(SAN),)
BUILD ?= build
SANFLAGS :=
else
BUILD ?= build/san
SANFLAGS := -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
ifeq ($(CI),true)
WARN += -Werror
endif

OPT ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(SANFLAGS) \
             -Iinclude $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lm -lpthread

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/unit/%)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
HARNESS_OBJ := $(BUILD)/tests/unit/harness.o

LIB := $(BUILD)/libmalimap.a
PROG := $(BUILD)/malimap

.PHONY: all deps test-deps demo test tests check-asan install uninstall clean golden-update \
        bench check-deps format

all: $(PROG)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -DMM_DATADIR='"$(PREFIX)/share/malimap"' -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(PROG): $(CLI_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

$(BUILD)/unit/%: $(BUILD)/tests/unit/%.o $(HARNESS_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(HARNESS_OBJ) $(LIB) $(LIBS)

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

tests: $(PROG) $(TEST_BIN) $(TOOL_BIN)

# Installs whatever Debian packages are missing: as root with apt-get, else
# through sudo, else prints the command to run and fails.
define install_debs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	  else echo "malimap: missing Debian packages:$$missing" >&2; \
	       echo "run as root: apt-get update && apt-get install -y$$missing" >&2; exit 1; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $$missing >/dev/null || exit 1; \
	fi
endef

deps:
	$(call install_debs,$(DEB_PKGS))

test-deps:
	$(call install_debs,$(DEB_PKGS) $(DEB_TEST_PKGS))

demo:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory all
	./$(PROG) render -o mali.png
	@echo "wrote mali.png"

check-asan:
	$(Q)$(MAKE) --no-print-directory SAN=address,undefined tests

test:
	$(Q)$(MAKE) --no-print-directory test-deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)$(MAKE) --no-print-directory check-asan
	$(Q)tests/run.sh

golden-update:
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)tests/run.sh --golden-update

bench:
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/bench/run.sh

# Includes point one way along the pipeline (see DESIGN.md).
check-deps:
	$(Q)tests/tools/check-deps.sh

format:
	$(Q)clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard include/malimap/*.h)

install: $(PROG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/malimap/styles \
	           $(DESTDIR)$(PREFIX)/share/malimap/shapes
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/malimap
	$(if $(wildcard styles/*.json),install -m 644 styles/*.json $(DESTDIR)$(PREFIX)/share/malimap/styles/)
	install -m 644 $(wildcard shapes/*.*) \
	           $(DESTDIR)$(PREFIX)/share/malimap/shapes/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/malimap
	rm -rf $(DESTDIR)$(PREFIX)/share/malimap

clean:
	rm -rf build

-include $(wildcard $(BUILD)/src/*/*.d $(BUILD)/tests/*/*.d)
