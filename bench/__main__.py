"""`python -m bench`: run every benchmark, print the table, write bench/results.json."""

from bench.run import main

raise SystemExit(main())
