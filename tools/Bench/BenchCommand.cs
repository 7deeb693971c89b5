using Fleet.Cli.CommandLine;
using System.CommandLine;

namespace Fleet.Bench;

/// <summary><c>fleet bench ocr</c> (Fleet's OCR against Tesseract on the same pages and cores) and <c>fleet bench fleet</c> (the fleet's overhead).</summary>
public static class BenchCommand
{
    public static RootCommand Create()
    {
        var pages = new Option<int?>("--pages") { Description = "At most this many pages of the corpus, the classes taking turns (1-200; default: all of it, 44 pages)." };
        var quick = new Option<bool>("--quick") { Description = "Only 8 held-out pages (fonts, code, German, French, skew, 90° and 180° turns, JPEG): a few minutes on 2 cores." };
        var dpi = new Option<int>("--dpi") { Description = "Resolution of Fleet's render of the pages' PDF (150-600); the pages are scanned at 300 DPI, one kind at 200.", DefaultValueFactory = _ => 300 };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the results (Markdown + JSON) and the generated pages.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")),
        };
        var levers = new Option<bool>("--levers") { Description = "Also measure each speed lever alone (graph fusion, parallel runs, batch size, recogniser min width) and all of them off." };
        var rounds = new Option<int>("--rounds") { Description = "Times every engine runs the pages, in turn (1-10); pages/s is the mean.", DefaultValueFactory = _ => 1 };
        rounds.InRange(1, 10);
        pages.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 200)
                result.AddError("--pages must be between 1 and 200.");
        });
        dpi.InRange(150, 600);

        var ocr = new Command("ocr", "Draw the corpus (fonts, technical text, French/German/Spanish/Portuguese/Italian, scan damage; tuning and held-out sets); " +
                                     "run Fleet and Tesseract on it; print CER per class, special-character accuracy, pages/s and peak RSS.")
        {
            pages, quick, dpi, output, levers, rounds,
        };
        ocr.SetAction(parse => OcrBenchmark.Execute(new OcrBenchmark.Request(
            parse.GetValue(pages), parse.GetValue(dpi), parse.GetValue(output)!, parse.GetValue(levers), parse.GetValue(rounds), parse.GetValue(quick))));

        var requests = new Option<int>("--requests") { Description = "Requests per phase (5-500).", DefaultValueFactory = _ => 20 };
        var batchPages = new Option<int>("--batch-pages") { Description = "Pages of the OCR batch that runs beside the second phase (4-1000).", DefaultValueFactory = _ => 40 };
        var scanDpi = new Option<int>("--dpi") { Description = "Resolution of the scans (150-600).", DefaultValueFactory = _ => 200 };
        var recognizeOut = new Option<DirectoryInfo>("--out") { Description = "Folder for the results (Markdown).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")) };
        requests.InRange(5, 500);
        batchPages.InRange(4, 1000);
        scanDpi.InRange(150, 600);
        var recognize = new Command("recognize",
            "POST /recognize latency (p50, p95) on a fleet on this machine's servers: idle, then beside an OCR batch; target p95 with the batch at most 2x idle.")
        {
            requests, batchPages, scanDpi, recognizeOut,
        };
        recognize.SetAction((parse, cancellationToken) => RecognizeBenchmark.ExecuteAsync(new RecognizeBenchmark.Request(
            parse.GetValue(requests), parse.GetValue(batchPages), parse.GetValue(scanDpi), parse.GetValue(recognizeOut)!), cancellationToken));

        return new RootCommand("Fleet's benchmarks and the int8 calibration they rely on (run as ./fleet bench ...).")
        {
            ocr, FleetBenchCommand.Create(), recognize, TextLayers.TextLayerBenchCommand.Create(), Cost.CostBenchCommand.Create(),
            CalibrateCommand.Create(), FleetPassCommand.Create(),
        };
    }
}
