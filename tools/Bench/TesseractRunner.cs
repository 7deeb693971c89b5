using System.Diagnostics;

namespace Fleet.Bench;

/// <summary>
/// Debian's Tesseract as the reference: <c>tesseract page.png - --psm 3</c>, one process per core at a time with
/// OMP_THREAD_LIMIT=1 (Tesseract's own OpenMP threads would otherwise fight each other for the same cores).
/// </summary>
public static class TesseractRunner
{
    private const string TimeTool = "/usr/bin/time";

    public sealed record PageRun(string Text, long PeakRssBytes, double WallMs = 0);

    /// <summary>A page image with Tesseract's language pack for it and its page segmentation mode.</summary>
    public sealed record PageInput(string Png, string Language = "eng", string Psm = "3");

    /// <summary>Language packs the benchmark's pages need, besides English.</summary>
    public static readonly string[] LanguagePackages =
        ["tesseract-ocr-fra", "tesseract-ocr-deu", "tesseract-ocr-spa", "tesseract-ocr-por", "tesseract-ocr-ita"];

    public sealed record Result(double WallMs, int Parallel, IReadOnlyList<PageRun> Pages);

    /// <summary>
    /// The tesseract executable, installed with apt-get when it, one of <paramref name="packages"/> or one of
    /// <paramref name="files"/> is missing (as root, or through sudo -n): a clean machine runs the benchmark in one command.
    /// </summary>
    public static string EnsureInstalled(Action<string> log, IReadOnlyList<string>? packages = null, IReadOnlyList<string>? files = null)
    {
        packages ??= [];
        var languages = LanguagePackages.Select(p => p["tesseract-ocr-".Length..]).ToArray();
        var found = ExternalTool.Find("tesseract");
        var haveLanguages = found is not null && languages.All(l => File.Exists($"/usr/share/tesseract-ocr/5/tessdata/{l}.traineddata"));
        if (found is not null && haveLanguages && (files ?? []).All(File.Exists))
            return found;
        packages = ["tesseract-ocr", "tesseract-ocr-eng", .. LanguagePackages, .. packages];
        log($"installing {string.Join(' ', packages)} with apt-get...");
        var (file, prefix) = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root"
            ? ("apt-get", Array.Empty<string>())
            : ExternalTool.Find("sudo") is not null ? ("sudo", ["-n", "apt-get"]) : ("", []);
        if (file.Length == 0)
            throw new InvalidOperationException("tesseract is missing and this user can neither run apt-get nor sudo: install it with " +
                                                "'sudo apt-get install -y tesseract-ocr tesseract-ocr-eng' and run the benchmark again.");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var update = ExternalTool.Run(file, [.. prefix, "update", "-q"], environment);
        var install = ExternalTool.Run(file, [.. prefix, "install", "-y", "-q", .. packages], environment);
        if (install.ExitCode != 0)
            throw new InvalidOperationException($"apt-get install {string.Join(' ', packages)} failed (exit {install.ExitCode}):\n{install.Stderr}");
        return ExternalTool.Find("tesseract") ?? throw new InvalidOperationException(
            $"installing tesseract failed (apt-get update exit {update.ExitCode}, install exit {install.ExitCode}):\n{install.Stderr}");
    }

    public static string Version(string tesseract) =>
        ExternalTool.Run(tesseract, ["--version"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "unknown";

    public static Result Run(string tesseract, IReadOnlyList<PageInput> pngs, int parallel)
    {
        // One untimed page per language first, so every timed process finds its language data in the page cache, as
        // Fleet's timed pages find their models loaded.
        foreach (var first in pngs.GroupBy(p => p.Language).Select(g => g.First()))
            RunPage(tesseract, first);
        var pages = new PageRun[pngs.Count];
        var started = Stopwatch.GetTimestamp();
        System.Threading.Tasks.Parallel.For(0, pngs.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel },
            i => pages[i] = RunPage(tesseract, pngs[i]));
        return new Result(Stopwatch.GetElapsedTime(started).TotalMilliseconds, parallel, pages);
    }

    private static PageRun RunPage(string tesseract, PageInput input)
    {
        var started = Stopwatch.GetTimestamp();
        var run = RunPageUntimed(tesseract, input);
        return run with { WallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
    }

    private static PageRun RunPageUntimed(string tesseract, PageInput input)
    {
        var png = input.Png;
        var environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };
        string[] arguments = [png, "-", "-l", input.Language, "--psm", input.Psm];
        if (!File.Exists(TimeTool))
            return RunPolling(tesseract, arguments, environment);

        // GNU time reports the child's peak RSS (ru_maxrss, KiB) exactly, without polling.
        var rssFile = Path.GetTempFileName();
        try
        {
            var (exit, text, errors) = ExternalTool.Run(TimeTool, ["-f", "%M", "-o", rssFile, tesseract, .. arguments], environment);
            if (exit != 0)
                throw new InvalidOperationException($"tesseract failed on {png} (exit {exit}):\n{errors}");
            var kib = long.Parse(File.ReadAllLines(rssFile).Last(l => l.Trim().Length > 0).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return new PageRun(text, kib * 1024);
        }
        finally
        {
            File.Delete(rssFile);
        }
    }

    /// <summary>Without GNU time: sample VmHWM (the kernel's own peak-so-far) every 5 ms until the process exits.</summary>
    private static PageRun RunPolling(string tesseract, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(tesseract) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tesseract");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(5))
            peak = Math.Max(peak, ReadVmHwm(process.Id));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tesseract failed (exit {process.ExitCode}):\n{stderr.Result}");
        return new PageRun(stdout.Result, peak);
    }

    private static long ReadVmHwm(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0; // the process exited between the check and the read
        }
    }
}
