// The operators' dashboard: polls /dashboard/feed every two seconds and draws it. No build step; uPlot draws the chart.
(() => {
  "use strict";
  const feedUrl = "/dashboard/feed";
  const pollMs = 2000;
  let since = null;
  let chart = null;
  let chartQueues = [];
  const times = [];
  const depths = new Map(); // queue -> values aligned with times
  let selectedBatch = null;

  const $ = (id) => document.getElementById(id);
  const text = (value) => document.createTextNode(value == null ? "" : String(value));

  function cell(row, value, className) {
    const td = row.insertCell();
    td.appendChild(text(value));
    if (className) td.className = className;
    return td;
  }

  function duration(seconds) {
    if (seconds == null) return "–";
    seconds = Math.round(seconds);
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min " + (seconds % 60) + " s";
    return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
  }

  function addHistory(history) {
    const hourAgo = Date.now() - 3600 * 1000;
    history.times.forEach((t, i) => {
      times.push(t / 1000);
      for (const [queue, values] of Object.entries(history.depths)) {
        if (!depths.has(queue)) depths.set(queue, new Array(times.length - 1).fill(null));
      }
      for (const [queue, series] of depths) {
        const values = history.depths[queue];
        series.push(values ? values[i] : null);
      }
    });
    while (times.length && times[0] * 1000 < hourAgo) {
      times.shift();
      for (const series of depths.values()) series.shift();
    }
  }

  function drawChart() {
    const queues = [...depths.keys()].filter((q) => !q.endsWith("_skipped")).sort();
    const data = [times, ...queues.map((q) => depths.get(q))];
    const width = Math.max(400, $("depth-chart").clientWidth || 1000);
    if (!chart || queues.join() !== chartQueues.join()) {
      if (chart) chart.destroy();
      chartQueues = queues;
      const palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04", "#db2777", "#65a30d"];
      chart = new uPlot({
        width, height: 260,
        series: [{}, ...queues.map((q, i) => ({ label: q, stroke: palette[i % palette.length], width: 1.5 }))],
        axes: [{}, { label: "messages" }],
        scales: { y: { range: (u, min, max) => [0, Math.max(5, max)] } },
      }, data, $("depth-chart"));
    } else {
      chart.setData(data);
    }
  }

  function drawQueues(queues) {
    const body = $("queues").tBodies[0];
    body.replaceChildren();
    for (const q of queues) {
      const row = body.insertRow();
      row.dataset.queue = q.queue;
      cell(row, q.queue);
      cell(row, q.depth, "depth");
      cell(row, q.inFlight);
      cell(row, q.consumers);
      cell(row, q.depth > 0 ? duration(q.oldestMessageAgeSeconds) : "–");
    }
  }

  function drawWorkers(workers) {
    const body = $("workers").tBodies[0];
    body.replaceChildren();
    for (const w of workers) {
      const row = body.insertRow();
      cell(row, w.name);
      cell(row, w.chunksInFlight);
    }
  }

  function drawBatches(batches) {
    const body = $("batches").tBodies[0];
    body.replaceChildren();
    for (const b of batches) {
      const row = body.insertRow();
      row.className = "batch" + (b.batchId === selectedBatch ? " selected" : "");
      row.dataset.batchId = b.batchId;
      row.dataset.state = b.state;
      row.dataset.pagesDone = b.pagesDone;
      row.dataset.pagesTotal = b.pagesTotal;
      cell(row, b.batchId.slice(0, 8), "id").title = b.batchId;
      cell(row, b.tag);
      cell(row, b.state, "state state-" + b.state);
      const ended = b.endedAt != null;
      const fraction = b.documents > 0 ? b.finished / b.documents : 0;
      const bar = document.createElement("span");
      bar.className = "bar" + (ended ? " done" : "");
      const fill = document.createElement("span");
      fill.style.width = Math.round(100 * (ended ? 1 : fraction)) + "%";
      bar.appendChild(fill);
      row.insertCell().appendChild(bar);
      cell(row, b.pagesDone + "/" + b.pagesTotal, "pages");
      cell(row, b.finished + "/" + b.documents, "documents");
      cell(row, b.failed, b.failed > 0 ? "state-Failed" : "");
      cell(row, ended ? "done" : duration(b.etaSeconds), "eta");
      row.addEventListener("click", () => showBatch(b.batchId));
    }
  }

  async function showBatch(batchId) {
    selectedBatch = batchId;
    const response = await fetch("/dashboard/batches/" + batchId, { credentials: "same-origin" });
    if (!response.ok) return;
    const detail = await response.json();
    $("batch-detail").hidden = false;
    $("detail-id").textContent = batchId;
    $("detail-state").textContent = detail.state;
    const body = $("documents").tBodies[0];
    body.replaceChildren();
    for (const d of detail.documents) {
      const row = body.insertRow();
      row.dataset.documentId = d.documentId;
      cell(row, d.key);
      cell(row, d.status, "status-" + d.status);
      cell(row, d.pages);
      cell(row, d.reason);
    }
  }

  async function poll() {
    try {
      const response = await fetch(feedUrl + (since ? "?since=" + since : ""), { credentials: "same-origin" });
      if (response.status === 401) { location.reload(); return; }
      const feed = await response.json();
      if (feed.history.times.length) since = feed.history.times[feed.history.times.length - 1];
      addHistory(feed.history);
      drawChart();
      drawQueues(feed.queues);
      drawWorkers(feed.workers);
      drawBatches(feed.batches);
      $("pages-per-second").textContent = feed.pagesPerSecond.toFixed(1);
      $("failures-per-second").textContent = feed.failuresPerSecond.toFixed(2);
      $("workers-connected").textContent = feed.workers.length;
      $("chunks-in-flight").textContent = feed.workers.reduce((sum, w) => sum + w.chunksInFlight, 0);
      $("error-queue-messages").textContent = feed.errorQueueMessages;
      $("batches-in-flight").textContent = feed.batchesInFlight;
      $("queue-error").textContent = feed.queueError || "";
      $("updated").textContent = "updated " + new Date(feed.at || Date.now()).toLocaleTimeString();
      if (selectedBatch) showBatch(selectedBatch);
    } catch (e) {
      $("updated").textContent = "feed unavailable: " + e.message;
    } finally {
      setTimeout(poll, pollMs);
    }
  }

  poll();
})();
