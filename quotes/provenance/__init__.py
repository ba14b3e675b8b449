"""
Keeping a quote's sources from rotting: fetching a source under the address
rule (:mod:`.fetching`), capturing it as a WARC file (:mod:`.capture`) and
checking that its link still answers (:mod:`.links`).
"""
