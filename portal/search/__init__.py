"""Search in patients' own words, split by job.

- text: a query made safe, its words, search terms marked in what is shown
- kinds: the kinds of result, the page types and snippets behind them, the language searched, the
  pages search may show
- backend: Wagtail's database search backend, PostgreSQL indexing each language as itself
- vocabulary: known words for spelling correction, synonym groups for expansion, and the symptoms
  and foods each name belongs to
- matching: what matches, one interface with a way of matching per database or search engine
- ranking: the order of results, and symptoms and foods lifting the pages they lead to
- results: results and what a patient sees of them (address, summary, why each matched)
- promotions: pages editors pinned for a query
- suggestions: names offered as a patient types
- counting: how often each query is searched for, and finds nothing
- patient_search: PatientSearch, putting the parts together for one search
- models: synonym groups, and the daily count of searches that found nothing
"""
