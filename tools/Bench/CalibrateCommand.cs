using System.CommandLine;
using Fleet.Engine.Ocr;

namespace Fleet.Bench;

/// <summary>
/// <c>fleet bench calibrate</c>: measures the activation ranges of the int8 recogniser on generated pages (other text
/// than the benchmark's, at 200 and 300 DPI, all four page kinds) and writes the table the worker embeds. Run it again
/// when the recognition model changes; the worker falls back to float32, with a log line, until then.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var pages = new Option<int>("--pages") { Description = "Pages to generate (4-64); the kinds and the two resolutions take turns.", DefaultValueFactory = _ => 16 };
        pages.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 4 or > 64) r.AddError("--pages must be between 4 and 64."); });
        var output = new Option<FileInfo>("--out")
        {
            Description = "The table to write; the worker embeds this file at build time.",
            DefaultValueFactory = _ => new FileInfo(Int8Calibration.SourcePath),
        };
        var clip = new Option<double>("--clip")
        {
            Description = "Share of each tensor's largest values left outside its range (0 covers them all; 0-0.01).",
            DefaultValueFactory = _ => 1e-4,
        };
        clip.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 0.01) r.AddError("--clip must be between 0 and 0.01."); });
        var command = new Command("calibrate", "Measure the int8 recogniser's activation ranges on generated pages and write its calibration table.")
        {
            pages, output, clip,
        };
        command.SetAction(parse => Execute(parse.GetValue(pages), parse.GetValue(output)!, parse.GetValue(clip)));
        return command;
    }

    private static int Execute(int pageCount, FileInfo output, double clippedShare)
    {
        int[] resolutions = [300, 200];
        var generators = resolutions.ToDictionary(dpi => dpi, dpi => new BenchPageGenerator(dpi));
        try
        {
            // Pages are drawn one at a time as the engine asks for them; each is about 8 MB at 300 DPI.
            IEnumerable<SkiaSharp.SKBitmap> Pages()
            {
                for (var i = 0; i < pageCount; i++)
                {
                    var dpi = resolutions[i / 4 % resolutions.Length];
                    using var page = generators[dpi].Generate(i, BenchText.CalibrationSentences);
                    Console.WriteLine($"Page {i + 1}/{pageCount}: {page.Name} at {dpi} DPI");
                    yield return page.Image;
                }
            }
            var source = $"fleet bench calibrate --pages {pageCount} --clip {clippedShare}: generated pages (BenchText.CalibrationSentences), 4 kinds at {string.Join(" and ", resolutions)} DPI";
            var calibration = Int8Calibration.Measure(new OcrOptions().ModelDirectory, Pages(), source, clippedShare);
            output.Directory?.Create();
            File.WriteAllText(output.FullName, calibration.ToJson() + Environment.NewLine);
            Console.WriteLine($"{calibration.Ranges.Count} tensor ranges from {calibration.Lines} lines written to {output.FullName}; rebuild to embed them.");
            return 0;
        }
        finally
        {
            foreach (var generator in generators.Values)
                generator.Dispose();
        }
    }
}
