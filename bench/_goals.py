"""Every row's goal in one place (issue 25's goals); each row writes its goal into
bench/results.json with its figure. "At most" for ratios of cost, "at least" for throughput."""

REST_SEND = 1.05  # instructions, ours / raw httpx POST
SOAP_SEND = 1.03  # instructions, ours / bare zeep
RETRIEVAL_REST = 1.00  # instructions, ours / raw httpx + json.loads paging
RETRIEVAL_SOAP = 1.05  # instructions, ours / bare zeep paging
GATEWAY_THROUGHPUT = 0.8  # at least, of 16 direct REST clients' throughput
GATEWAY_P50_ADDED_MS = 5.0  # at most, the gateway's p50 latency minus the direct call's
BULK_THROUGHPUT = 0.95  # at least, of a raw httpx pool of 4
VALIDATE_ROWS_PER_S = 200_000  # at least, `bulk --validate-only`
VALIDATE_PEAK_MB = 40  # at most, `bulk --validate-only`, flat from 1M to 10M rows
