"""Home page requests/s and latency for an anonymous visitor: the baseline for every other figure."""


def run(ctx) -> dict:
    runs = []
    with ctx.common.gunicorn_server(workers=2) as base_url:
        for _ in range(3):
            runs.append(ctx.common.measure_load(base_url, path="/", concurrency=10, duration=5))
    return {"home_page_anonymous": ctx.common.median_of(runs), "target": "baseline, no target"}
