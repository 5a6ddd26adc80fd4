# Conveniences for people who have make; the README's commands do not need it.
.PHONY: run test lint screenshots bench bench-sync bench-team package package-test
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
# The address book sync against a local Radicale (about an hour for 10,000 contacts:
# Radicale's own PUT grows with the book), apart from the three-run loop above.
bench-sync:
	scripts/bootstrap.sh && .venv/bin/python -m benchmarks.sync

# Ten reps logging calls at once on a million contacts on a throw-away PostgreSQL.
bench-team:
	scripts/bootstrap.sh && .venv/bin/python -m benchmarks.team

package:
	scripts/build-bundle.sh
package-test:
	scripts/package-test.sh
