# Fulcrum: one non-recursive GNU Makefile (see docs/building.md for the targets).
#   make [MODE=release|debug|asan] [CC=gcc|clang] [all|run|check|check-asan|bench|clean|...]
# The default build is the optimised one users run and install; MODE=debug (-O0, asserts,
# source locations in error messages) is for developers.

MODE ?= release
PREFIX ?= /usr/local
SHARED ?= ../shared
BUILD := build/$(MODE)

# ---------------------------------------------------------------------------- flags
WARN := -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef -Wwrite-strings -Wcast-qual -Wdouble-promotion -Wvla
CXXWARN := -Wall -Wextra -Werror

ifeq ($(MODE),debug)
  OPT := -O0 -g3 -DFC_DEBUG
else ifeq ($(MODE),release)
  OPT := -O2 -DNDEBUG
else ifeq ($(MODE),asan)
  OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(MODE),fuzz)
  # libFuzzer coverage with ASan and UBSan (clang only; `make fuzz` sets it)
  OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
         -fno-sanitize-recover=all
else
  $(error MODE must be debug, release, asan or fuzz, not '$(MODE)')
endif

# pkg-config is asked when a recipe first needs its answer, not when this file is read, so that
# `make deps run` works on a machine without the packages: `deps` installs them before any
# recipe that compiles or links is expanded (the first use runs pkg-config and keeps the
# answer). `pkgs-ok` stops the build with a clear message where pkg-config still finds nothing.
PKGS := gsl cairo pangocairo inih jansson libcrypto xlsxwriter libqpdf
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS) 2>/dev/null))$(PKG_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $$(shell pkg-config --libs cmocka 2>/dev/null))$(CMOCKA_LIBS)
# `make deps X`: everything X builds waits for deps, also under -j
DEPS_FIRST := $(filter deps,$(MAKECMDGOALS))
# Debian's libcsv, libglpk, fmt (9) and double-conversion ship no usable .pc file.
CSV_LIBS ?= -lcsv
GLPK_LIBS ?= -lglpk
DTOA_LIBS ?= -lfmt -lstdc++
# double-conversion is the tests' independent oracle for fc_dtoa (tests/test_dtoa.c)
ORACLE_LIBS ?= -ldouble-conversion

CPPFLAGS += -I. -D_POSIX_C_SOURCE=200809L -MMD -MP
CFLAGS += -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS) -pthread
CXXFLAGS += -std=c++17 $(CXXWARN) $(OPT) -fno-exceptions -fno-rtti
LDFLAGS += $(filter -fsanitize%,$(OPT)) -pthread
LDLIBS = $(PKG_LIBS) $(CSV_LIBS) $(GLPK_LIBS) $(DTOA_LIBS) -lm

# ---------------------------------------------------------------------------- sources
# Each module's lines are its own: add a source or test to the line of its room.
MODELS_SRC := models/status.c
MODELS_SRC += models/lifetable.c models/population.c models/projrates.c
MODELS_SRC_PBMA := models/pbma.c models/pbma_budget.c models/evppi.c
MODELS_SRC_NEED := models/activity.c
MODELS_SRC_FIN := models/finance.c
MODELS_SRC_MC := models/rng.c models/quantile.c
# plots/: the canvas (chart, palette, encode, text, frame), the chart types and the appendix
# layout; every .c is built, so a new chart type needs no line here
PLOTS_SRC := $(sort $(wildcard plots/*.c))
# engine/: one folder per room (docs/DESIGN.md): the command line, I/O, the chain and batch,
# a folder per stage, the draws and the appendix. Every .c/.cc of every folder is built, so a
# new stage's folder needs no line here.
ENGINE_DIRS := $(sort $(patsubst engine/%/,%,$(dir $(wildcard engine/*/*.c engine/*/*.cc))))
MPI_SRC := engine/par/par_mpi.c
ENGINE_SRC := $(filter-out engine/cli/main.c $(MPI_SRC),$(foreach d,$(ENGINE_DIRS),\
                $(sort $(wildcard engine/$(d)/*.c engine/$(d)/*.cc))))
# the appendix's provenance page checksums inputs with OpenSSL's SHA-256 (libssl-dev)
CRYPTO_LIBS ?= -lcrypto
LDLIBS += $(CRYPTO_LIBS)
MAIN_SRC := engine/cli/main.c
# fulcrum-mpi (`make mpi`): the same program with the ranks of Open MPI (engine/par/par_mpi.c
# in place of the library's one-rank engine/par/par.c). Only this file sees MPI's headers, as
# system headers; the plain fulcrum needs no MPI.
MPI_CFLAGS = $(eval MPI_CFLAGS := $$(patsubst -I%,-isystem %,$$(shell pkg-config --cflags ompi-c 2>/dev/null)))$(MPI_CFLAGS)
MPI_LIBS = $(eval MPI_LIBS := $$(shell pkg-config --libs ompi-c 2>/dev/null))$(MPI_LIBS)
MPI_BIN := $(BUILD)/fulcrum-mpi

# one cmocka binary per module: tests/test_<module>.c
TEST_NAMES := validate_wpp lifetable population csvin table scenario dtoa opts reference
TEST_NAMES_PBMA := pbma cmd_pbma evppi
TEST_NAMES_NEED := activity cmd_activity cmd_standardise
TEST_NAMES_PLOTS := axis chart appendix place
TEST_NAMES_BATCH := manifest batch
TEST_NAMES_FIN := finance cmd_finance
TEST_NAMES_MC := rng uncertain quantile
TEST_UTIL := tests/test_util.c

objs = $(patsubst %.cc,$(BUILD)/%.o,$(patsubst %.c,$(BUILD)/%.o,$(1)))
ALL_LIB_SRC := $(MODELS_SRC) $(MODELS_SRC_PBMA) $(MODELS_SRC_NEED) $(PLOTS_SRC) \
               $(MODELS_SRC_FIN) $(MODELS_SRC_MC) $(ENGINE_SRC)
LIB_OBJ := $(call objs,$(ALL_LIB_SRC))
LIB := $(BUILD)/libfulcrum.a
BIN := $(BUILD)/fulcrum
TEST_BINS := $(addprefix $(BUILD)/tests/test_,$(TEST_NAMES) $(TEST_NAMES_PBMA) \
               $(TEST_NAMES_NEED) $(TEST_NAMES_PLOTS) $(TEST_NAMES_FIN))
TEST_BINS += $(addprefix $(BUILD)/tests/test_,$(TEST_NAMES_BATCH))
TEST_BINS += $(addprefix $(BUILD)/tests/test_,$(TEST_NAMES_MC))

.PHONY: clean-release all run check check-unit check-cli check-asan check-full bench clean deps layering \
        format-check lint example pkgs-ok
all: $(BIN)

pkgs-ok: | $(DEPS_FIRST)
	@pkg-config --exists $(PKGS) cmocka 2>/dev/null || { \
	   echo "make: pkg-config cannot find: $$(for p in $(PKGS) cmocka; do \
	      pkg-config --exists $$p 2>/dev/null || printf '%s ' $$p; done)" >&2; \
	   echo "make: run 'make deps' first (Debian; it installs them with apt-get)" >&2; exit 1; }
ifneq ($(DEPS_FIRST),)
$(filter-out deps,$(MAKECMDGOALS)): | deps
endif

$(BUILD)/%.o: %.c | pkgs-ok
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/%.o: %.cc | pkgs-ok
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(BIN): $(call objs,$(MAIN_SRC)) $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
	@ln -sf $(MODE)/fulcrum build/fulcrum

$(BUILD)/engine/par/par_mpi.o: engine/par/par_mpi.c | pkgs-ok
	@mkdir -p $(@D)
	@pkg-config --exists ompi-c 2>/dev/null || { echo "make: Open MPI (ompi-c) not found: " \
	   "run 'make deps' (libopenmpi-dev)" >&2; exit 1; }
	$(CC) $(CPPFLAGS) $(CFLAGS) $(MPI_CFLAGS) -c $< -o $@
# (par_mpi.o first: the linker then never takes the library's one-rank par.o)
$(MPI_BIN): $(call objs,$(MAIN_SRC)) $(BUILD)/engine/par/par_mpi.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) $(MPI_LIBS) -o $@
	@ln -sf $(MODE)/fulcrum-mpi build/fulcrum-mpi
.PHONY: mpi
mpi: $(MPI_BIN)

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(call objs,$(TEST_UTIL)) $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) $(CMOCKA_LIBS) -o $@
$(BUILD)/tests/test_dtoa: $(BUILD)/tests/test_dtoa.o $(BUILD)/tests/dtoa_oracle.o \
                          $(call objs,$(TEST_UTIL)) $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) $(ORACLE_LIBS) $(CMOCKA_LIBS) -o $@

# ---------------------------------------------------------------------------- running
# The shipped example: datasets/ is generated by datasets/make_example.py (synthetic).
run: $(BIN)
	$(BIN) run datasets/example.ini --out out/example
	@echo "outputs in out/example/"

# ---------------------------------------------------------------------------- tests
export FC_SHARED_DIR := $(abspath $(SHARED))
export FC_BIN := $(abspath $(BIN))
export LSAN_OPTIONS := suppressions=$(abspath tests/lsan.supp):print_suppressions=0
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1

check: check-unit check-cli
# the unit tests known to exist: fewer ran means a program lost its tests
UNIT_MIN := 237
check-unit: $(TEST_BINS) $(BIN)
	@sh tests/run/unit.sh $(UNIT_MIN) $(TEST_BINS)
# fulcrum-mpi is built for the tests where Open MPI is installed (mpi.sh skips, saying so,
# where it is not)
check-cli: $(BIN)
	@if pkg-config --exists ompi-c 2>/dev/null; then $(MAKE) --no-print-directory mpi; fi
	@FC_MPI_BIN=$(abspath $(MPI_BIN)) sh tests/run/cli.sh tests/cli/*.sh
check-asan:
	$(MAKE) MODE=asan check
# the README's set-up commands on a simulated fresh machine (builds from scratch: CI runs it)
.PHONY: check-fresh
check-fresh:
	sh tests/setup/fresh.sh
# every test that needs ../shared or the fault library must find it: none may skip (CI)
check-full:
	FC_REQUIRE_SHARED=1 $(MAKE) check

BENCH_NAMES := pbma plots
$(BUILD)/tests/bench/bench_%: $(BUILD)/tests/bench/bench_%.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

BENCH_NAMES += mc
bench:
	$(MAKE) MODE=release all $(addprefix build/release/tests/bench/bench_,$(BENCH_NAMES))
	sh tests/bench/run.sh
	sh tests/bench/activity.sh
	sh tests/bench/mc.sh
	sh tests/bench/evppi.sh
	sh tests/bench/sensitivity.sh
	@for b in $(BENCH_NAMES); do build/release/tests/bench/bench_$$b; done

layering:
	@! grep -nE '#include *[<"](csv|ini|cairo|pango|engine/|plots/)' models/*.c models/*.h || \
	   { echo "layering: models/ must not include I/O libraries or engine/plots"; exit 1; }
	@! grep -nE '\b(printf|fprintf|fopen|fwrite|puts|putchar|exit|abort) *\(' models/*.c || \
	   { echo "layering: models/ must not print or exit"; exit 1; }
	@! grep -nE '\b(fopen|fwrite|fputs|open|cairo_surface_write_to_png|cairo_pdf_surface_create|cairo_svg_surface_create) *\(' plots/*.c || \
	   { echo "layering: plots/ must not touch files (hand bytes to an fc_sink)"; exit 1; }
	@echo "layering: ok"

format-check:
	clang-format --dry-run --Werror models/*.[ch] engine/*/*.[ch] tests/*.[ch]

lint:
	$(MAKE) MODE=debug CFLAGS_EXTRA=-Wconversion all

deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	 $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	   build-essential clang pkg-config libgsl-dev libcsv-dev libcairo2-dev libpango1.0-dev \
	   libcmocka-dev libglpk-dev libinih-dev libfmt-dev libfast-float-dev libdouble-conversion-dev libjansson-dev \
	   libssl-dev libxlsxwriter-dev libqpdf-dev fonts-dejavu-core poppler-utils python3 python3-numpy \
	   python3-pandas python3-openpyxl \
	   valgrind time libclang-rt-dev strace libopenmpi-dev openmpi-bin

example:
	python3 datasets/make_example.py datasets

clean:
	rm -rf build out
clean-release:
	rm -rf build/release

# ---------------------------------------------------------------------------- install (batch room)
# make install PREFIX=/usr/local DESTDIR=/tmp/stage: the binary, libfulcrum (static, and shared
# with its soname, from objects built -fPIC under $(BUILD)/pic), the public headers (models/,
# plots/) under include/fulcrum, fulcrum.pc, the man page fulcrum(1) generated from the help
# texts (tools/mkman.c), and the example datasets under share/fulcrum. make uninstall removes
# exactly those files.
VERSION := $(shell sed -n 's/^\#define FC_VERSION "\(.*\)"/\1/p' engine/cli/version.h)
SOVERSION := $(firstword $(subst ., ,$(VERSION)))
bindir ?= $(PREFIX)/bin
libdir ?= $(PREFIX)/lib
includedir ?= $(PREFIX)/include
datadir ?= $(PREFIX)/share
mandir ?= $(datadir)/man
pkgconfigdir ?= $(libdir)/pkgconfig
PIC_OBJ := $(patsubst $(BUILD)/%,$(BUILD)/pic/%,$(LIB_OBJ))
SHLIB := $(BUILD)/libfulcrum.so.$(VERSION)
MANPAGE := $(BUILD)/fulcrum.1
PCFILE := $(BUILD)/fulcrum.pc
MKMAN := $(BUILD)/tools/mkman
PUB_HEADERS := $(wildcard models/*.h) $(filter-out %_int.h,$(wildcard plots/*.h))
DATASETS := $(wildcard datasets/*.csv datasets/*.ini) datasets/README.md datasets/make_example.py
GRAMPIAN := $(wildcard datasets/grampian/*.csv) datasets/grampian/README.md \
            datasets/grampian/make_grampian.py

$(BUILD)/pic/%.o: %.c | pkgs-ok
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c $< -o $@
$(BUILD)/pic/%.o: %.cc | pkgs-ok
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -fPIC -c $< -o $@
$(SHLIB): $(PIC_OBJ)
	$(CC) -shared -Wl,-soname,libfulcrum.so.$(SOVERSION) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(MKMAN): $(BUILD)/tools/mkman.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(MANPAGE): $(MKMAN)
	$(MKMAN) >$@.tmp && mv $@.tmp $@
# The .pc files name the directories of the install they come with: they are made again
# whenever PREFIX, libdir or includedir differ from the last time (install-dirs holds them).
# A libdir outside the dynamic linker's default search path is written into programs as
# their run path (-Wl,-rpath in Libs), so they run without LD_LIBRARY_PATH; a system libdir
# gets `ldconfig` instead when installing there for real (no DESTDIR).
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
SYSTEM_LIBDIRS := /lib /usr/lib /usr/local/lib $(if $(MULTIARCH),/lib/$(MULTIARCH) \
                  /usr/lib/$(MULTIARCH) /usr/local/lib/$(MULTIARCH))
PC_RPATH := $(if $(filter $(libdir),$(SYSTEM_LIBDIRS)),,-Wl,-rpath,$${libdir})
PCFILE_STATIC := $(BUILD)/fulcrum-static.pc
INSTALL_DIRS := $(PREFIX)|$(libdir)|$(includedir)
$(BUILD)/install-dirs: FORCE
	@mkdir -p $(@D)
	@if [ "$$(cat $@ 2>/dev/null)" != '$(INSTALL_DIRS)' ]; then echo '$(INSTALL_DIRS)' >$@; fi
.PHONY: FORCE
FORCE:
$(BUILD)/%.pc: %.pc.in engine/cli/version.h Makefile $(BUILD)/install-dirs
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(libdir)|' -e 's|@INCLUDEDIR@|$(includedir)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@RPATH@|$(PC_RPATH)|' \
	    -e 's|@LIBS_PRIVATE@|$(CSV_LIBS) $(GLPK_LIBS) $(DTOA_LIBS) -lm -pthread|' \
	    $< >$@.tmp && mv $@.tmp $@

.PHONY: shared man install uninstall
export FC_MODE := $(MODE)
# tests/cli/install.sh installs from these: build them with the rest (in parallel)
check-cli: $(SHLIB) $(MANPAGE) $(PCFILE) $(PCFILE_STATIC)
shared: $(SHLIB)
man: $(MANPAGE)
install: $(BIN) $(LIB) $(SHLIB) $(MANPAGE) $(PCFILE) $(PCFILE_STATIC)
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libdir) $(DESTDIR)$(pkgconfigdir) \
	    $(DESTDIR)$(includedir)/fulcrum/models $(DESTDIR)$(includedir)/fulcrum/plots \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(datadir)/fulcrum/datasets \
	    $(DESTDIR)$(datadir)/fulcrum/datasets/grampian
	install -m 755 $(BIN) $(DESTDIR)$(bindir)/fulcrum
	@if [ -x $(MPI_BIN) ]; then echo "install fulcrum-mpi (built by make mpi)"; \
	   install -m 755 $(MPI_BIN) $(DESTDIR)$(bindir)/fulcrum-mpi; fi
	install -m 644 $(LIB) $(DESTDIR)$(libdir)/libfulcrum.a
	install -m 755 $(SHLIB) $(DESTDIR)$(libdir)/libfulcrum.so.$(VERSION)
	ln -sf libfulcrum.so.$(VERSION) $(DESTDIR)$(libdir)/libfulcrum.so.$(SOVERSION)
	ln -sf libfulcrum.so.$(SOVERSION) $(DESTDIR)$(libdir)/libfulcrum.so
	install -m 644 $(filter models/%,$(PUB_HEADERS)) $(DESTDIR)$(includedir)/fulcrum/models
	install -m 644 $(filter plots/%,$(PUB_HEADERS)) $(DESTDIR)$(includedir)/fulcrum/plots
	install -m 644 $(PCFILE) $(PCFILE_STATIC) $(DESTDIR)$(pkgconfigdir)
	install -m 644 $(MANPAGE) $(DESTDIR)$(mandir)/man1/fulcrum.1
	install -m 644 $(DATASETS) $(DESTDIR)$(datadir)/fulcrum/datasets
	install -m 644 $(GRAMPIAN) $(DESTDIR)$(datadir)/fulcrum/datasets/grampian
	@if [ -z "$(DESTDIR)" ] && [ -z "$(PC_RPATH)" ] && [ "$$(id -u)" = 0 ] && \
	    command -v ldconfig >/dev/null; then echo ldconfig; ldconfig; fi
uninstall:
	rm -f $(DESTDIR)$(bindir)/fulcrum $(DESTDIR)$(bindir)/fulcrum-mpi $(DESTDIR)$(libdir)/libfulcrum.a \
	    $(DESTDIR)$(libdir)/libfulcrum.so.$(VERSION) $(DESTDIR)$(libdir)/libfulcrum.so.$(SOVERSION) \
	    $(DESTDIR)$(libdir)/libfulcrum.so $(DESTDIR)$(pkgconfigdir)/fulcrum.pc \
	    $(DESTDIR)$(pkgconfigdir)/fulcrum-static.pc \
	    $(DESTDIR)$(mandir)/man1/fulcrum.1
	rm -f $(addprefix $(DESTDIR)$(includedir)/fulcrum/,$(PUB_HEADERS))
	rm -f $(addprefix $(DESTDIR)$(datadir)/fulcrum/datasets/,$(notdir $(DATASETS)))
	rm -f $(addprefix $(DESTDIR)$(datadir)/fulcrum/datasets/grampian/,$(notdir $(GRAMPIAN)))
	-rmdir $(DESTDIR)$(includedir)/fulcrum/models $(DESTDIR)$(includedir)/fulcrum/plots \
	    $(DESTDIR)$(includedir)/fulcrum $(DESTDIR)$(datadir)/fulcrum/datasets/grampian \
	    $(DESTDIR)$(datadir)/fulcrum/datasets \
	    $(DESTDIR)$(datadir)/fulcrum 2>/dev/null || true
# ---------------------------------------------------------------------------- end install

# ---------------------------------------------------------------------------- plots demo (plots room)
# plots-demo renders every chart type and a sample appendix to out/plots_demo; bench-plots
# times a full appendix render (release build).
PLOTS_DEMO := $(BUILD)/tests/plots_demo
PLOTS_BENCH := $(BUILD)/tests/bench/bench_plots
$(PLOTS_DEMO): $(BUILD)/tests/plots_demo.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(PLOTS_BENCH): $(BUILD)/tests/bench/bench_plots.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
.PHONY: plots-demo bench-plots
plots-demo: $(PLOTS_DEMO)
	$(PLOTS_DEMO) out/plots_demo
bench-plots:
	$(MAKE) MODE=release build/release/tests/bench/bench_plots
	build/release/tests/bench/bench_plots
# ---------------------------------------------------------------------------- end plots demo

# ---------------------------------------------------------------------------- hardening (issue 9)
# tests/fault/shim.c: the fault-injection library (LD_PRELOAD) of tests/cli/faults.sh and the
# hostile corpus; built without sanitizers whatever the MODE, since it wraps libc calls.
FAULT_SHIM := $(BUILD)/tests/fault/shim.so
export FC_FAULT_SHIM := $(abspath $(FAULT_SHIM))
$(FAULT_SHIM): tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -g -fPIC -shared -Wall -Wextra -Werror $< -o $@ -ldl
check-cli: $(FAULT_SHIM)

# Fuzz targets tests/fuzz/fuzz_<name>.c. `make fuzz` builds them with clang, libFuzzer, ASan
# and UBSan (MODE=fuzz, in build/fuzz) and runs each for FUZZ_SECONDS (default 60), seeded
# from tests/data, tests/hostile and tests/fuzz/regressions; crashes are kept in
# build/fuzz/crashes. Every build also links each target with tests/fuzz/replay.c, and
# `make check` replays tests/fuzz/regressions/<name>/ (inputs that once crashed).
FUZZ_NAMES := csv scenario population mortality fertility migration control variants \
              projection need_rates act_rates act_growth act_shifts act_capacity \
              pbma_options pbma_criteria pbma_budgets psa icers \
              fin_activity fin_services fin_budgets fin_uplifts fin_inflation fin_efficiency \
              fin_shifts
FUZZ_SECONDS ?= 60
REPLAY_BINS := $(addprefix $(BUILD)/tests/fuzz/replay_,$(FUZZ_NAMES))
$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/tests/fuzz/fuzzer_%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIB)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer $^ $(LDLIBS) -o $@
.PHONY: fuzz fuzz-build check-replay check-valgrind
fuzz:
	$(MAKE) MODE=fuzz CC=clang CXX=clang++ fuzz-build
	sh tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)
fuzz-build: $(addprefix $(BUILD)/tests/fuzz/fuzzer_,$(FUZZ_NAMES))
check: check-replay
check-replay: $(REPLAY_BINS)
	@set -e; for n in $(FUZZ_NAMES); do \
	   if [ -d tests/fuzz/regressions/$$n ]; then printf 'fuzz regressions %s: ' $$n; \
	     $(BUILD)/tests/fuzz/replay_$$n tests/fuzz/regressions/$$n; fi; done

# `make limits`: 10 million population rows within the stated memory bound (docs/errors.md)
.PHONY: limits
limits:
	$(MAKE) MODE=release all
	sh tests/limits/pop10m.sh build/release/fulcrum

# tests/test_props.c: invariants over random valid inputs with fixed seeds
check-unit: $(BUILD)/tests/test_props
TEST_BINS += $(BUILD)/tests/test_props

# `make check-valgrind`: the unit tests and the CLI tests (through a wrapper that runs the
# debug binary under memcheck) with no error and no definite or indirect leak allowed;
# tests/valgrind.supp documents the suppressed static allocations of fontconfig, Pango and
# GLib.
VALGRIND ?= valgrind
VG := $(VALGRIND) -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect --suppressions=$(abspath tests/valgrind.supp)
check-valgrind:
	$(MAKE) MODE=debug all $(TEST_BINS) $(REPLAY_BINS) $(FAULT_SHIM) $(SHLIB) $(MANPAGE) $(PCFILE) \
	    $(PCFILE_STATIC)
	@mkdir -p build/valgrind
	@printf '#!/bin/sh\nexec %s %s "$$@"\n' "$(VG)" "$(abspath build/debug/fulcrum)" \
	   >build/valgrind/fulcrum && chmod +x build/valgrind/fulcrum
	@set -e; for t in $(TEST_BINS); do echo "valgrind: $$t"; FC_VALGRIND=1 $(VG) $$t >/dev/null; done
	@set -e; for n in $(FUZZ_NAMES); do if [ -d tests/fuzz/regressions/$$n ]; then \
	   $(VG) build/debug/tests/fuzz/replay_$$n tests/fuzz/regressions/$$n >/dev/null; fi; done
	@set -e; for t in tests/cli/*.sh; do echo "valgrind cli: $$t"; \
	   FC_BIN=$(abspath build/valgrind/fulcrum) FC_VALGRIND=1 sh $$t; done
	@echo "check-valgrind: no memory error and no leak"
# ---------------------------------------------------------------------------- end hardening

-include $(shell find build -name '*.d' 2>/dev/null)
