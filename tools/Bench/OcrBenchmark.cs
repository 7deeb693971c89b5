using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Fleet.Bench.Corpus;
using Fleet.Engine.Ocr;

namespace Fleet.Bench;

/// <summary>
/// <c>fleet bench ocr</c>: draws the corpus (<see cref="CorpusPages"/>: fonts, technical text, five languages, scan
/// damage, in a tuning and a held-out set), runs Tesseract and each Fleet variant on it in turn (in one run, so load
/// from other work on a shared machine hits them alike), and reports per class and overall.
/// </summary>
public static class OcrBenchmark
{
    /// <param name="Pages">At most this many pages of the corpus (the classes take turns); null: all of it.</param>
    /// <param name="Quick">Only the few held-out pages of <see cref="CorpusPages.Quick"/>.</param>
    public sealed record Request(int? Pages, int Dpi, DirectoryInfo Output, bool Levers, int Rounds, bool Quick = false);

    public static int Execute(Request request)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        // Tesseract, its language packs and the corpus's fonts, from Debian, when any is missing: one command from a clean clone.
        var tesseract = TesseractRunner.EnsureInstalled(Console.WriteLine, CorpusPages.FontPackages,
            [.. CorpusPages.All().Select(p => p.FontPath).Distinct()]);
        var machine = MachineInfo.Collect(TesseractRunner.Version(tesseract));

        var specs = (request.Quick ? CorpusPages.Quick() : CorpusPages.All()).Take(request.Pages ?? int.MaxValue).ToList();
        // Generated pages are inputs, not results: they go beside the results folder, in bench/work by default.
        var work = Directory.CreateDirectory(Path.Combine(request.Output.Parent?.FullName ?? request.Output.FullName, "work", "pages"));
        Console.WriteLine($"Generating {specs.Count} pages in {work.FullName}...");
        var (expected, inputs, pdfPath) = GeneratePages(specs, work.FullName);
        var names = specs.Select(s => s.Name).ToList();

        // Rounds run every engine in turn, so a burst of load from other work on the machine hits them alike.
        var tesseractRuns = new List<TesseractRunner.Result>();
        var fleetRuns = new Dictionary<FleetVariant, List<FleetPassResult>>();
        for (var round = 1; round <= request.Rounds; round++)
        {
            Console.WriteLine($"Round {round}/{request.Rounds}: tesseract, {specs.Count} pages, {Environment.ProcessorCount} processes at a time...");
            tesseractRuns.Add(TesseractRunner.Run(tesseract, inputs, Environment.ProcessorCount));
            foreach (var variant in Variants(request))
            {
                Console.WriteLine($"Round {round}/{request.Rounds}: {variant.Label} ({variant.Describe()})...");
                var result = RunChild(variant, pdfPath, specs.Count, request);
                if (!fleetRuns.TryGetValue(variant, out var runs))
                    fleetRuns[variant] = runs = [];
                runs.Add(result);
            }
        }

        var tesseractRow = Row("tesseract", $"{machine.Tesseract}, -l <page language>, --psm 3 (1 on turned pages), {Environment.ProcessorCount} processes × OMP_THREAD_LIMIT=1", expected,
            tesseractRuns[^1].Pages.Select(p => p.Text).ToList(), tesseractRuns.Sum(r => r.WallMs) / tesseractRuns.Count,
            tesseractRuns.Max(r => r.Pages.Max(p => p.PeakRssBytes)), null);
        var fleetRows = fleetRuns.Select(pair => Row(pair.Key.Label, pair.Key.Describe(), expected,
            pair.Value[^1].Pages.Select(p => p.Text).ToList(), pair.Value.Sum(r => r.WallMs) / pair.Value.Count,
            pair.Value.Max(r => r.PeakRssBytes), Median(pair.Value.Select(r => r.StartupMs)))
            with { Stages = StageTimes.Of([.. pair.Value.SelectMany(r => r.Pages)]) }).ToList();
        var classes = BenchClassRow.Of(specs, expected,
            fleetRows[0], MeanPageMs(fleetRuns[FleetVariant.Defaults].Select(r => r.Pages.Select(p => p.WallMs).ToList()).ToList()),
            tesseractRow, MeanPageMs(tesseractRuns.Select(r => r.Pages.Select(p => p.WallMs).ToList()).ToList()));

        var report = new BenchReport(started, request.Dpi, request.Rounds, machine, names, tesseractRow, fleetRows, classes,
            $"{loadBefore} before, {LoadAverage()} after");
        report.Save(request.Output.FullName);
        Console.WriteLine();
        Console.WriteLine(report.ClassTable());
        Console.WriteLine(report.Table());
        Console.WriteLine(report.PageTable());
        Console.WriteLine(report.StageTable());
        Console.WriteLine($"Load average: {report.LoadAverage}. CPU: {machine.CpuModel}, {machine.CpuFlags}.");
        Console.WriteLine($"Results: {Path.Combine(request.Output.FullName, "latest.md")} (and .json, and a timestamped copy).");
        return 0;
    }

    private static List<double> MeanPageMs(List<List<double>> rounds) =>
        [.. Enumerable.Range(0, rounds[0].Count).Select(i => rounds.Average(r => r[i]))];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

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

    private static (List<string> Expected, List<TesseractRunner.PageInput> Inputs, string Pdf) GeneratePages(
        IReadOnlyList<CorpusPageSpec> specs, string directory)
    {
        var expected = new List<string>();
        var inputs = new List<TesseractRunner.PageInput>();
        var pdfPages = new List<ImagePdfWriter.Page>();
        var pages = new List<CorpusPage>();
        try
        {
            foreach (var spec in specs)
            {
                var page = CorpusRenderer.Render(spec);
                pages.Add(page);
                var png = Path.Combine(directory, spec.Name + ".png");
                using (var data = page.Scanned.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
                using (var file = File.Create(png))
                    data.SaveTo(file);
                File.WriteAllText(Path.Combine(directory, spec.Name + ".txt"), page.Expected);
                expected.Add(page.Expected);
                inputs.Add(new TesseractRunner.PageInput(png, spec.Language, spec.TesseractPsm));
                pdfPages.Add(new ImagePdfWriter.Page(page.Stored, spec.Dpi, spec.Scan.PdfRotate));
            }
            var pdf = Path.Combine(directory, "pages.pdf");
            File.WriteAllBytes(pdf, ImagePdfWriter.Write(pdfPages));
            return (expected, inputs, pdf);
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
        var distances = expected.Select((e, i) => BenchClassRow.Distance(e, actual[i])).ToList();
        int Length(string e) => CharacterErrorRate.Normalise(CharacterErrorRate.Typographic(e)).Length;
        var characters = expected.Sum(Length);
        var pageCer = expected.Select((e, i) => (double)distances[i] / Math.Max(1, Length(e))).ToList();
        return new BenchRow(engine, settings, expected.Count, wallMs, (double)distances.Sum() / characters, peakRss, startupMs, pageCer, actual);
    }

    /// <summary>Runs one Fleet variant in a fresh process of this same CLI, so each gets its own peak RSS and start-up.</summary>
    private static FleetPassResult RunChild(FleetVariant variant, string pdf, int pages, Request request)
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
            arguments.AddRange([FleetPassCommand.Name, "--pdf", pdf, "--pages", pages.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
