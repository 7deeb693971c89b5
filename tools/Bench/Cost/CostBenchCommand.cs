using System.CommandLine;
using Fleet.Cli.CommandLine;

namespace Fleet.Bench.Cost;

/// <summary><c>fleet bench cost</c>: what 1,000 pages cost on this machine, read from real manifests' <c>cost</c>.</summary>
public static class CostBenchCommand
{
    public static Command Create()
    {
        var textDocuments = new Option<int>("--text-documents") { Description = "Text-layer PDFs of 5 pages in the text batch (1-10000).", DefaultValueFactory = _ => 200 };
        var ocrPages = new Option<int>("--ocr-pages") { Description = "Scanned pages (300 DPI, the four kinds of fleet bench ocr) in the OCR batch (1-200).", DefaultValueFactory = _ => 12 };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the results (Markdown + JSON); the inputs go to its sibling work/cost.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")),
        };
        textDocuments.InRange(1, 10_000);
        ocrPages.InRange(1, 200);
        var command = new Command("cost",
            "Run a text-layer batch and an OCR batch on fleet run's composition (every role in this process) and report each manifest's " +
            "cost: seconds by stage, the estimate at Fleet:Cost's price (default: an AWS c7i.xlarge) and per 1,000 pages, beside cloud OCR APIs' list prices. " +
            "Records the load average before and after: figures from a busy machine overstate the cost.")
        {
            textDocuments, ocrPages, output,
        };
        command.SetAction((parse, cancellationToken) =>
            CostBenchmark.ExecuteAsync(parse.GetValue(textDocuments), parse.GetValue(ocrPages), parse.GetValue(output)!, cancellationToken));
        return command;
    }
}
