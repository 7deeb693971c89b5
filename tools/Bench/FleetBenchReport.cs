using System.Text;
using System.Text.Json;

namespace Fleet.Bench;

/// <summary>The results of <c>fleet bench fleet</c>: printed as a table, written as Markdown and JSON beside the OCR benchmark's.</summary>
public sealed record FleetBenchReport(
    DateTimeOffset Started,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<FleetBenchRow> Rows,
    IReadOnlyList<FleetBenchTarget> Targets)
{
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| mode | documents | pages/doc | documents/s | pages/s | wall ms/doc | fleet CPU ms/doc | ÷ embedded (wall, CPU) | outcome |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in Rows)
        {
            var embedded = Rows.FirstOrDefault(r => r.Mode == FleetBenchmark.Embedded && r.Documents == row.Documents && r.PagesPerDocument == row.PagesPerDocument);
            var ratio = row.Mode == FleetBenchmark.Distributed && embedded is { Valid: true } && row.Valid
                ? $"{row.WallMsPerDocument / embedded.WallMsPerDocument:F2}x, {row.CpuMsPerDocument / embedded.CpuMsPerDocument:F2}x"
                : "-";
            text.AppendLine(row.Valid
                ? $"| {row.Mode} | {row.Documents} | {row.PagesPerDocument} | {row.DocumentsPerSecond:F1} | {row.PagesPerSecond:F1} | " +
                  $"{row.WallMsPerDocument:F2} | {row.CpuMsPerDocument:F2} | {ratio} | {row.Succeeded} succeeded |"
                : $"| {row.Mode} | {row.Documents} | {row.PagesPerDocument} | - | - | - | - | - | {row.Error} |");
        }
        return text.ToString();
    }

    /// <summary>Where the CPU went, per document: each fleet process, each server, and the machine as a whole.</summary>
    public string CpuTable()
    {
        var processes = Rows.SelectMany(r => r.CpuMs.Keys).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("| mode | documents | pages/doc | " + string.Join(" | ", processes) + " |");
        text.AppendLine("|---|---:|---:|" + string.Concat(processes.Select(_ => "---:|")));
        foreach (var row in Rows)
        {
            text.AppendLine($"| {row.Mode} | {row.Documents} | {row.PagesPerDocument} | " +
                            string.Join(" | ", processes.Select(p => row.CpuMs.TryGetValue(p, out var ms) ? (ms / row.Documents).ToString("F2") : "-")) + " |");
        }
        return text.ToString();
    }

    public string TargetList() =>
        string.Concat(Targets.Select(t => $"- {t.Verdict}: {t.Goal} ({t.Measured})\n"));

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"# Fleet overhead benchmark, {Started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine($"{Machine.Cores} cores ({Machine.CpuModel}; {Machine.CpuFlags}), {Machine.MemoryBytes / (1L << 30)} GiB, {Machine.Os}, {Machine.Runtime}.");
        text.AppendLine();
        foreach (var (key, value) in Settings)
            text.AppendLine($"- {key}: {value}");
        text.AppendLine();
        text.AppendLine(Table());
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine(TargetList());
        text.AppendLine("## CPU per document (ms)");
        text.AppendLine();
        text.AppendLine("From /proc (user + system) over each batch, from its submission to its completion. `machine busy` is every " +
                        "core's busy time, so what it holds beyond the processes listed is other work on the machine (builds, other " +
                        "tests: the servers are shared too). The embedded rows list the servers to show that background.");
        text.AppendLine();
        text.AppendLine(CpuTable());
        text.AppendLine("- Inputs: generated text-layer PDFs (Helvetica, six lines per page, each document's text distinct so none is " +
                        "reused), uploaded to a fresh S3 bucket (distributed) and written to a local folder (embedded) before timing.");
        text.AppendLine("- Wall time: from submitting the batch (POST /batches; a publish for embedded) to seeing it Completed (polling " +
                        "GET /batches/{id} every 100 ms; the batch's own task for embedded). Processes are started and ready before, " +
                        "stopped after.");
        text.AppendLine("- fleet CPU: the api,orchestrator process plus the workers (distributed), or the one process (embedded).");
        return text.ToString();
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"fleet-{Started:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".md", Markdown());
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(this, BenchJson.Options));
    }
}
