using System.Diagnostics;
using Fleet.Engine.Pdf;

namespace Fleet.Bench.TextLayers;

/// <summary>
/// Reads each sampled page of each PDF as a worker reads a text-layer page and compares it with poppler's pdftotext
/// (run on the same file, its pages split at form feeds). pdftotext is the reference, not the truth: where both are
/// wrong alike, nothing is counted.
/// </summary>
public static class TextLayerBenchmark
{
    public static int Execute(IReadOnlyList<FileSystemInfo> inputs, int maxPages, DirectoryInfo output, DirectoryInfo? dump = null)
    {
        if (ExternalTool.Find("pdftotext") is not { } pdftotext)
        {
            Console.Error.WriteLine("error: pdftotext is not on PATH: install poppler-utils (apt-get install poppler-utils)");
            return 1;
        }
        var scratch = Path.Combine(Path.GetTempPath(), $"fleet-bench-text-{Environment.ProcessId}");
        try
        {
            var documents = TextLayerCorpus.Resolve(inputs, scratch);
            if (documents.Count == 0)
            {
                Console.Error.WriteLine($"error: no PDFs to read: name some, or install the manuals this benchmark reads by default (apt-get install {TextLayerCorpus.Packages})");
                return 1;
            }
            var version = ExternalTool.Run(pdftotext, ["-v"]).Stderr.Split('\n')[0].Trim();
            var rows = new List<TextLayerBenchRow>();
            foreach (var (name, path) in documents)
            {
                var row = Measure(name, path, pdftotext, maxPages, dump);
                rows.Add(row);
                Console.WriteLine(row.Line());
            }
            var report = new TextLayerBenchReport(DateTimeOffset.UtcNow, MachineInfo.Collect(""), version, maxPages, rows);
            var stem = report.Write(output.FullName);
            Console.WriteLine(report.Summary());
            Console.WriteLine($"Results: {stem}.md (and .json)");
            return 0;
        }
        finally
        {
            if (Directory.Exists(scratch))
                Directory.Delete(scratch, recursive: true);
        }
    }

    private static TextLayerBenchRow Measure(string name, string path, string pdftotext, int maxPages, DirectoryInfo? dump)
    {
        var reference = ExternalTool.Run(pdftotext, ["-enc", "UTF-8", path, "-"]);
        if (reference.ExitCode != 0)
            throw new InvalidOperationException($"pdftotext failed on {path}: {reference.Stderr}");
        // pdftotext ends every page with a form feed.
        var referencePages = reference.Stdout.Split('\f');

        using var textLayer = TextLayerDocument.OpenFile(path);
        var sample = TextLayerCorpus.Sample(textLayer.PageCount, maxPages);
        var row = new TextLayerBenchRow(name, textLayer.PageCount);
        var reading = new Stopwatch();
        foreach (var number in sample)
        {
            reading.Start();
            var page = TextLayerPage.Read(textLayer, number);
            reading.Stop();
            var expected = number - 1 < referencePages.Length ? referencePages[number - 1] : "";
            row.Add(number, expected, page);
            if (dump is not null)
            {
                Directory.CreateDirectory(dump.FullName);
                var stem = Path.Combine(dump.FullName, $"{Path.GetFileNameWithoutExtension(name)}-p{number:D4}");
                File.WriteAllText(stem + ".fleet.txt", page.Text);
                File.WriteAllText(stem + ".pdftotext.txt", expected);
            }
        }
        row.ReadMs = reading.Elapsed.TotalMilliseconds;
        return row;
    }
}
