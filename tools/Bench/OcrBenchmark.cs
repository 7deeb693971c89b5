using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Fleet.Engine.Ocr;

namespace Fleet.Bench;

/// <summary>
/// <c>fleet bench ocr</c>: generates the pages, runs Tesseract and each Fleet variant on them in turn (in one run,
/// so load from other work on a shared machine hits them alike), and reports.
/// </summary>
public static class OcrBenchmark
{
    public sealed record Request(int Pages, int Dpi, DirectoryInfo Output, bool Levers, int Rounds);

    public static int Execute(Request request)
    {
        var started = DateTimeOffset.UtcNow;
        // Generated pages are inputs, not results: they go beside the results folder, in bench/work by default.
        var work = Directory.CreateDirectory(Path.Combine(request.Output.Parent?.FullName ?? request.Output.FullName, "work", "pages"));
        Console.WriteLine($"Generating {request.Pages} pages at {request.Dpi} DPI in {work.FullName}...");
        var (names, expected, pngs, pdfPath) = GeneratePages(request, work.FullName);

        var tesseract = TesseractRunner.EnsureInstalled(Console.WriteLine);
        var machine = MachineInfo.Collect(TesseractRunner.Version(tesseract));

        // Rounds run every engine in turn, so a burst of load from other work on the machine hits them alike.
        var tesseractRuns = new List<TesseractRunner.Result>();
        var fleetRuns = new Dictionary<FleetVariant, List<FleetPassResult>>();
        for (var round = 1; round <= request.Rounds; round++)
        {
            Console.WriteLine($"Round {round}/{request.Rounds}: tesseract, {request.Pages} pages, {Environment.ProcessorCount} processes at a time...");
            tesseractRuns.Add(TesseractRunner.Run(tesseract, pngs, Environment.ProcessorCount));
            foreach (var variant in Variants(request))
            {
                Console.WriteLine($"Round {round}/{request.Rounds}: {variant.Label} ({variant.Describe()})...");
                var result = RunChild(variant, pdfPath, request);
                if (!fleetRuns.TryGetValue(variant, out var runs))
                    fleetRuns[variant] = runs = [];
                runs.Add(result);
            }
        }

        var tesseractRow = Row("tesseract", $"{machine.Tesseract}, --psm 3, {Environment.ProcessorCount} processes × OMP_THREAD_LIMIT=1", expected,
            tesseractRuns[^1].Pages.Select(p => p.Text).ToList(), tesseractRuns.Sum(r => r.WallMs) / tesseractRuns.Count,
            tesseractRuns.Max(r => r.Pages.Max(p => p.PeakRssBytes)), null);
        var fleetRows = fleetRuns.Select(pair => Row(pair.Key.Label, pair.Key.Describe(), expected,
            pair.Value[^1].Pages.Select(p => p.Text).ToList(), pair.Value.Sum(r => r.WallMs) / pair.Value.Count,
            pair.Value.Max(r => r.PeakRssBytes), Median(pair.Value.Select(r => r.StartupMs)))
            with { Stages = StageTimes.Of([.. pair.Value.SelectMany(r => r.Pages)]) }).ToList();

        var report = new BenchReport(started, request.Dpi, request.Rounds, machine, names, tesseractRow, fleetRows);
        report.Save(request.Output.FullName);
        Console.WriteLine();
        Console.WriteLine(report.Table());
        Console.WriteLine(report.PageTable());
        Console.WriteLine(report.StageTable());
        Console.WriteLine($"Results: {Path.Combine(request.Output.FullName, "latest.md")} (and .json, and a timestamped copy).");
        return 0;
    }

    /// <summary>The shipped defaults, and with --levers each speed lever measured against the others.</summary>
    private static IEnumerable<FleetVariant> Variants(Request request)
    {
        yield return FleetVariant.Defaults;
        if (!request.Levers)
            yield break;
        // Each lever alone against the defaults, then all of them off: the engine as it was before they were pulled.
        yield return new FleetVariant("float32 recogniser", Precision: OcrPrecision.Float32);
        yield return new FleetVariant("no native operators (HardSwish as QLinearAdd + QLinearMul)", NativeOperators: false);
        // int8 needs the fused graph, so this one runs float32 too.
        yield return new FleetVariant("graph as shipped (float32)", FuseGraph: false, Precision: OcrPrecision.Float32);
        yield return new FleetVariant("1 run × 2 threads", ConcurrentRuns: 1, IntraOpThreads: 2);
        yield return new FleetVariant("batch 4", BatchSize: 4);
        yield return new FleetVariant("rec min width 160", RecognitionMinWidth: 160);
        yield return new FleetVariant("none (1 × 2 threads, batch 4, as shipped, float32)", ConcurrentRuns: 1, IntraOpThreads: 2, BatchSize: 4, FuseGraph: false,
            Precision: OcrPrecision.Float32);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static (List<string> Names, List<string> Expected, List<string> Pngs, string Pdf) GeneratePages(Request request, string directory)
    {
        using var generator = new BenchPageGenerator(request.Dpi);
        var pages = Enumerable.Range(0, request.Pages).Select(i => generator.Generate(i)).ToList();
        try
        {
            var pngs = new List<string>();
            foreach (var page in pages)
            {
                var png = Path.Combine(directory, page.Name + ".png");
                using (var data = page.Image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
                using (var file = File.Create(png))
                    data.SaveTo(file);
                File.WriteAllText(Path.Combine(directory, page.Name + ".txt"), page.Expected);
                pngs.Add(png);
            }
            var pdf = Path.Combine(directory, "pages.pdf");
            File.WriteAllBytes(pdf, ImagePdfWriter.Write(pages.Select(p => p.Image).ToList()));
            return (pages.Select(p => p.Name).ToList(), pages.Select(p => p.Expected).ToList(), pngs, pdf);
        }
        finally
        {
            foreach (var page in pages)
                page.Dispose();
        }
    }

    private static BenchRow Row(string engine, string settings, IReadOnlyList<string> expected, IReadOnlyList<string> actual,
        double wallMs, long peakRss, double? startupMs)
    {
        var distances = expected.Select((e, i) => CharacterErrorRate.Distance(e, actual[i])).ToList();
        var characters = expected.Sum(e => CharacterErrorRate.Normalise(e).Length);
        var pageCer = expected.Select((e, i) => (double)distances[i] / Math.Max(1, CharacterErrorRate.Normalise(e).Length)).ToList();
        return new BenchRow(engine, settings, expected.Count, wallMs, (double)distances.Sum() / characters, peakRss, startupMs, pageCer, actual);
    }

    /// <summary>Runs one Fleet variant in a fresh process of this same CLI, so each gets its own peak RSS and start-up.</summary>
    private static FleetPassResult RunChild(FleetVariant variant, string pdf, Request request)
    {
        var variantFile = Path.GetTempFileName();
        var resultFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(variantFile, JsonSerializer.Serialize(variant, BenchJson.Options));
            var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this process's executable");
            // Under `dotnet fleet.dll` the host is dotnet and needs the assembly; an apphost runs itself.
            List<string> arguments = Path.GetFileNameWithoutExtension(host) == "dotnet"
                ? [Assembly.GetEntryAssembly()!.Location]
                : [];
            arguments.AddRange([FleetPassCommand.Name, "--pdf", pdf, "--pages", request.Pages.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dpi", request.Dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "--variant", variantFile, "--result", resultFile]);
            var start = new ProcessStartInfo(host) { RedirectStandardError = true };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Fleet child process");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"the Fleet pass '{variant.Label}' failed (exit {process.ExitCode}):\n{errors}");
            return JsonSerializer.Deserialize<FleetPassResult>(File.ReadAllText(resultFile), BenchJson.Options)
                   ?? throw new InvalidOperationException("the Fleet pass wrote no result");
        }
        finally
        {
            File.Delete(variantFile);
            File.Delete(resultFile);
        }
    }
}
