# Two commands do everything on a fresh clone: `make lab` and `make test`.
# Both install the pinned environment into .venv first (only a Python 3.11 to 3.14 is needed).

# The interpreter .venv is made with: PYTHON if given, else the first supported one that tools/find-python finds
# (it also says, in one sentence, what to install when there is none).
PYTHON ?=
FIND_PYTHON = tools/find-python $(PYTHON)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

# Extra flags for JupyterLab, e.g. LAB_FLAGS="--no-browser --ServerApp.port=8899" (the tests start it headless).
LAB_FLAGS ?=
# Jupyter refuses to run as root without this flag (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
PYTEST_FLAGS ?=

.PHONY: install lab test bench lock clean release collect autograde feedback grades summary screenshots

# A PYTHON of another version than the existing .venv's makes .venv again with it.
install:
	@$(if $(PYTHON),python="$$($(FIND_PYTHON))" || exit 1; \
	  version='import sys; print("%d.%d" % sys.version_info[:2])'; \
	  if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c "$$version")" != "$$("$$python" -c "$$version")" ]; then \
	    echo "$(VENV) holds another Python than $(PYTHON): making it again"; rm -rf $(VENV); fi)
	@$(MAKE) --no-print-directory $(STAMP) $(LAB_OVERRIDES)

# JupyterLab's defaults in this environment: a fresh student is not asked about Jupyter news (the pop-up covers the
# notebook's corner) and no update check runs (the versions are pinned). The server hands out notebooks with this
# kernel's language information, so that a lesson does not open marked as modified (see autograder/lab.py).
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json $(VENV)/etc/jupyter/jupyter_server_config.json
$(VENV)/share/jupyter/lab/settings/overrides.json: $(STAMP)
	@mkdir -p $(dir $@)
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $@
$(VENV)/etc/jupyter/jupyter_server_config.json: $(STAMP)
	@mkdir -p $(dir $@)
	@echo '{"ServerApp": {"contents_manager_class": "autograder.lab.CourseContentsManager"}}' > $@

# Rebuilt whenever the lock or the project metadata is newer than the last install.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { python="$$($(FIND_PYTHON))" && echo "making $(VENV) with $$python" && \
	  "$$python" -m venv $(VENV); }
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $(STAMP)

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/course $(ROOT_FLAG) $(LAB_FLAGS)

# Three parts: what times nothing runs on TEST_WORKERS processes (a test file stays on one, so its module fixtures
# run once); then the tests marked serial (budgets in seconds) run alone; then the real-browser tests on
# BROWSER_WORKERS processes, each with its own JupyterLab and Chromium (one by default: on two cores, two browsers
# gain little and a busy machine can stall a kernel's start). TESTS narrows every part; a part that TESTS leaves
# empty is skipped (pytest's exit code 5).
TEST_WORKERS ?= 2
BROWSER_WORKERS ?= 1
TESTS ?=
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not serial and not browser" $(PYTEST_FLAGS) $(TESTS)
	$(BIN)/python -m pytest -m serial $(PYTEST_FLAGS) $(TESTS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -n $(BROWSER_WORKERS) --dist load -m browser $(PYTEST_FLAGS) $(TESTS) || [ $$? -eq 5 ]

# The README's pictures: each lesson's explorer after a control was moved, taken with the browser tests' machinery
# (needs Debian's chromium: apt-get install chromium).
screenshots: install
	$(BIN)/python -m tests.browser.screenshots docs/screenshots

# PyTorch is only a benchmark baseline: installed on demand, never needed by the course.
# OpenBLAS core-type overrides set on some machines slow numpy down; the benchmark runs
# without them (and prints which BLAS kernel it used).
bench: install
	$(BIN)/python -c "import torch" 2>/dev/null || $(PIP) install torch==2.13.0 threadpoolctl
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python bench/bench_mlp.py
	$(BIN)/python bench/bench_explorers.py
	$(BIN)/python bench/bench_autograde.py

# The instructor's workflow (see autograder/README.md): LESSON and STUDENT narrow a step to one lesson or student,
# FROM is the folder of an LMS download, WORKERS grades that many students at a time, SCHEDULER sends the grading to
# a Dask cluster (tcp://host:8786).
LESSON ?=
STUDENT ?=
WORKERS ?= 1
SCHEDULER ?=
GRADE := $(BIN)/python -m autograder
LESSON_FLAG := $(if $(LESSON),--lesson $(LESSON))
STUDENT_FLAG := $(if $(STUDENT),--student $(STUDENT))

release: install
	$(GRADE) release $(LESSON)

# ROSTER= the class list your LMS exports (CSV), DUE= the due date ("2026-11-20 23:59", UTC); both optional.
# ADD=1 adds a partial download (late submissions) and keeps the others; REPLACE=1 lets a download remove most.
collect: install
	@test -n "$(FROM)" -a -n "$(LESSON)" || { echo "usage: make collect FROM=<download folder> LESSON=<lesson> [ROSTER=<csv>] [DUE=<time>] [ADD=1 | REPLACE=1]"; exit 2; }
	$(GRADE) collect "$(FROM)" --lesson $(LESSON) $(if $(ROSTER),--roster "$(ROSTER)") $(if $(DUE),--due "$(DUE)") $(if $(ADD),--add) $(if $(REPLACE),--replace)

autograde: install
	$(GRADE) autograde $(LESSON_FLAG) $(STUDENT_FLAG) --workers $(WORKERS) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

feedback: install
	$(GRADE) feedback $(LESSON_FLAG) $(STUDENT_FLAG)

grades: install
	$(GRADE) grades

summary: install
	$(GRADE) summary

# Re-resolve every pin from pyproject.toml's dependencies (run after changing them, then commit the lock).
lock:
	rm -rf .lock-venv && "$$($(FIND_PYTHON))" -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade ".[test]" setuptools wheel
	{ echo "# Every package the course and its tests install, pinned (transitive ones too)."; \
	  echo "# Regenerate with 'make lock' after changing pyproject.toml."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v -E '^(pip==|nnlib)'; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
