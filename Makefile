# malimap — one non-recursive Makefile.
#
#   make            build build/malimap and build/libmalimap.a
#   make demo       install missing Debian packages, build, render mali.png
#   make test       install, build, run every test (also under ASan+UBSan)
#   make install    PREFIX=/usr/local DESTDIR= ; data goes to $(PREFIX)/share/malimap
#   make SAN=address,undefined   sanitizer build in build/san
#   make fuzz FUZZ_SECONDS=N      build the libFuzzer harnesses (clang) and run each N seconds
#   make valgrind   the demo render, frames, state and check under valgrind
#   make V=1        show commands

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
SAN ?=

PKGS := cairo pangocairo shapelib proj geos libpng zlib json-c
# Debian packages: build and run, then what the tests add.
DEB_PKGS := make gcc libc6-dev pkg-config libcairo2-dev libpango1.0-dev libshp-dev \
            libproj-dev proj-data libgeos-dev libpng-dev libjson-c-dev \
            fonts-dejavu-core fonts-noto-core
DEB_TEST_PKGS := libxml2-utils poppler-utils librsvg2-bin chromium inkscape imagemagick webp \
                 valgrind
DEB_FUZZ_PKGS := clang libclang-rt-dev
DEB_VALGRIND_PKGS := valgrind

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
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/unit/%)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
HARNESS_OBJ := $(BUILD)/tests/unit/harness.o
# the fuzz harnesses as plain programs that replay the saved inputs (tests/fuzz/replay.sh)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/replay/%)

LIB := $(BUILD)/libmalimap.a
PROG := $(BUILD)/malimap

.PHONY: all deps test-deps fuzz-deps demo test tests check-asan install uninstall clean \
        golden-update bench check-deps format fuzz valgrind

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

$(BUILD)/replay/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/tests/fuzz/replay.o $(LIB) $(LIBS)

# an LD_PRELOAD shim for the kill tests (tests/safety/), without sanitizers
SLOWIO := $(BUILD)/safety/slowio.so
$(SLOWIO): tests/safety/slowio.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 -O2 $(WARN) -shared -fPIC -o $@ $< -ldl

tests: $(PROG) $(TEST_BIN) $(TOOL_BIN) $(REPLAY_BIN) $(SLOWIO)

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

fuzz-deps:
	$(call install_debs,$(DEB_PKGS) $(DEB_FUZZ_PKGS))

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
	$(Q)PKGS="$(PKGS)" tests/bench/run.sh

# ---- fuzzing: every harness built with libFuzzer, ASan and UBSan into build/fuzz ----
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR := build/fuzz
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
# the harnesses exercise the readers, time, style and draw/ (SVG icons): the modules left of out/
FUZZ_LIB_SRC := $(filter src/core/% src/data/% src/geo/% src/time/% src/style/% src/draw/%,$(LIB_SRC))
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $(WARN) $(FUZZ_SAN) \
              -fsanitize=fuzzer-no-link -Iinclude $(PKG_CFLAGS) $(CFLAGS)

$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libmalimap.a: $(FUZZ_LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/tests/fuzz/fuzz_%.o $(FUZZ_DIR)/libmalimap.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

.SECONDARY: $(FUZZ_SRC:%.c=$(FUZZ_DIR)/%.o) $(FUZZ_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/fuzz/replay.o

# Runs each harness FUZZ_SECONDS seconds (two at a time), starting from the
# committed corpus and regressions; new inputs go to build/fuzz/corpus.
fuzz:
	$(Q)$(MAKE) --no-print-directory fuzz-deps
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BIN)
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# The demo render, four frames on two workers, one state and one check under
# valgrind: no errors, no definite leaks (make test runs it too).
valgrind:
	$(call install_debs,$(DEB_VALGRIND_PKGS))
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/valgrind.sh $(PROG)

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
-include $(wildcard $(FUZZ_DIR)/src/*/*.d $(FUZZ_DIR)/tests/*/*.d)
