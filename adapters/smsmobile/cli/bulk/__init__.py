"""`smsmobile bulk`: CSV rows sent once each, at a bounded rate, recorded in a SQLite journal so
an interrupted run resumes where it stopped and nothing is sent twice."""
