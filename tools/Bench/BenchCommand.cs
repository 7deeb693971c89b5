using Fleet.Cli.CommandLine;
using System.CommandLine;

namespace Fleet.Bench;

/// <summary><c>fleet bench ocr</c> (Fleet's OCR against Tesseract on the same pages and cores) and <c>fleet bench fleet</c> (the fleet's overhead).</summary>
public static class BenchCommand
{
    public static RootCommand Create()
    {
        var pages = new Option<int>("--pages") { Description = "Pages to generate; the four kinds take turns (4-200).", DefaultValueFactory = _ => 8 };
        var dpi = new Option<int>("--dpi") { Description = "Resolution of the pages and of Fleet's render (150-600).", DefaultValueFactory = _ => 300 };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the results (Markdown + JSON) and the generated pages.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")),
        };
        var levers = new Option<bool>("--levers") { Description = "Also measure each speed lever alone (graph fusion, parallel runs, batch size, recogniser min width) and all of them off." };
        var rounds = new Option<int>("--rounds") { Description = "Times every engine runs the pages, in turn (1-10); pages/s is the mean.", DefaultValueFactory = _ => 1 };
        rounds.InRange(1, 10);
        pages.InRange(4, 200);
        dpi.InRange(150, 600);

        var ocr = new Command("ocr", "Generate test pages with known text; run Fleet and Tesseract on them; print pages/s, CER and peak RSS.")
        {
            pages, dpi, output, levers, rounds,
        };
        ocr.SetAction(parse => OcrBenchmark.Execute(new OcrBenchmark.Request(
            parse.GetValue(pages), parse.GetValue(dpi), parse.GetValue(output)!, parse.GetValue(levers), parse.GetValue(rounds))));

        return new RootCommand("Fleet's benchmarks and the int8 calibration they rely on (run as ./fleet bench ...).")
        {
            ocr, FleetBenchCommand.Create(), TextLayers.TextLayerBenchCommand.Create(), Cost.CostBenchCommand.Create(), CalibrateCommand.Create(),
            FleetPassCommand.Create(),
        };
    }
}
