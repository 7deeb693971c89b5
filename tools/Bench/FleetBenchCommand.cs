using Fleet.Cli.CommandLine;
using System.CommandLine;
using System.Globalization;

namespace Fleet.Bench;

/// <summary><c>fleet bench fleet</c>: the fleet's overhead per document, distributed against embedded.</summary>
public static class FleetBenchCommand
{
    public static Command Create()
    {
        var documents = new Option<string>("--documents") { Description = "Batch sizes, comma-separated (1-100000 each).", DefaultValueFactory = _ => "1000,20000" };
        var pages = new Option<string>("--pages") { Description = "Pages per document, comma-separated (1-100 each).", DefaultValueFactory = _ => "1,10" };
        var workers = new Option<int>("--workers") { Description = "Worker processes of the distributed fleet (1-16).", DefaultValueFactory = _ => 1 };
        var maxActive = new Option<int>("--max-active-documents")
        {
            Description = "Fleet__Orchestrator__MaxActiveDocuments for both modes: documents of the batch in flight at once (1-10000; the fleet's default is 8).",
            DefaultValueFactory = _ => 64,
        };
        var warmUp = new Option<int>("--warm-up")
        {
            Description = "Documents of an untimed batch run first in the same processes, in both modes (0-10000; 0: measure cold processes).",
            DefaultValueFactory = _ => 200,
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the results (Markdown + JSON); the inputs go to its sibling work/fleet.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")),
        };
        documents.Validators.Add(r => { if (Parse(r.GetValueOrDefault<string>(), 1, 100_000) is null) r.AddError("--documents must be numbers from 1 to 100000, comma-separated."); });
        pages.Validators.Add(r => { if (Parse(r.GetValueOrDefault<string>(), 1, 100) is null) r.AddError("--pages must be numbers from 1 to 100, comma-separated."); });
        workers.InRange(1, 16);
        maxActive.InRange(1, 10_000);
        warmUp.InRange(0, 10_000);

        var command = new Command("fleet",
            "Measure the fleet's own overhead on text-layer PDFs (no OCR): documents/s, pages/s, wall and CPU ms per document, " +
            "distributed (fleet serve processes on RabbitMQ, the database and S3) against embedded (fleet run), with targets.")
        {
            documents, pages, workers, maxActive, warmUp, output,
        };
        command.SetAction((parse, cancellationToken) => FleetBenchmark.ExecuteAsync(new FleetBenchmark.Request(
            Parse(parse.GetValue(documents), 1, 100_000)!, Parse(parse.GetValue(pages), 1, 100)!, parse.GetValue(workers), parse.GetValue(maxActive),
            parse.GetValue(warmUp), parse.GetValue(output)!), cancellationToken));
        return command;
    }

    private static List<int>? Parse(string? list, int min, int max)
    {
        var values = new List<int>();
        foreach (var part in (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                return null;
            values.Add(value);
        }
        return values.Count > 0 ? values.Distinct().Order().ToList() : null;
    }
}
