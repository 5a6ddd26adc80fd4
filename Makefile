# Conveniences for people who have make; the README's commands do not need it.
.PHONY: run test lint screenshots bench package package-test
run:
	scripts/run-app.sh
test:
	scripts/run-tests.sh
lint:
	scripts/run-tests.sh --lint-only
screenshots:
	scripts/bootstrap.sh && scripts/with-display.sh .venv/bin/python scripts/screenshots.py
bench:
	scripts/bootstrap.sh && scripts/with-display.sh .venv/bin/python -m benchmarks.run
package:
	scripts/build-bundle.sh
package-test:
	scripts/package-test.sh
