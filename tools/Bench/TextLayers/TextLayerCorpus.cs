using System.IO.Compression;

namespace Fleet.Bench.TextLayers;

/// <summary>
/// Born-digital manuals as users have them: Debian's documentation packages (.ci/run and the README name them) ship
/// TeX, Texinfo, DocBook and Sphinx output with tables of contents, indexes, code listings, ligatures and accents.
/// </summary>
public static class TextLayerCorpus
{
    public const string Packages = "r-doc-pdf bash-doc flex-doc sbcl-doc gnuplot-doc asymptote-doc debian-policy valgrind";

    public static readonly IReadOnlyList<string> Default =
    [
        "/usr/share/R/doc/manual/R-intro.pdf",
        "/usr/share/R/doc/manual/R-exts.pdf",
        "/usr/share/R/doc/manual/R-FAQ.pdf",
        "/usr/share/doc/bash/bashref.pdf",
        "/usr/share/doc/flex-doc/flex.pdf.gz",
        "/usr/share/doc/sbcl/sbcl.pdf.gz",
        "/usr/share/doc/gnuplot/gnuplot.pdf",
        "/usr/share/doc/asymptote/asymptote.pdf",
        "/usr/share/doc/debian-policy/policy.pdf.gz",
        "/usr/share/doc/valgrind/valgrind_manual.pdf.gz",
    ];

    /// <summary>The PDFs named (folders searched), or the default manuals present; gzipped ones unpacked into <paramref name="scratch"/>.</summary>
    public static List<(string Name, string Path)> Resolve(IReadOnlyList<FileSystemInfo> inputs, string scratch)
    {
        var paths = inputs.Count == 0
            ? Default.Where(File.Exists)
            : inputs.SelectMany<FileSystemInfo, string>(input => input is DirectoryInfo folder
                ? Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories).Where(IsPdf).Order(StringComparer.Ordinal)
                : [input.FullName]);
        var resolved = new List<(string, string)>();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path).Replace(".gz", "", StringComparison.Ordinal);
            if (!path.EndsWith(".gz", StringComparison.Ordinal))
            {
                resolved.Add((name, path));
                continue;
            }
            Directory.CreateDirectory(scratch);
            var unpacked = Path.Combine(scratch, name);
            using (var source = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
            using (var target = File.Create(unpacked))
                source.CopyTo(target);
            resolved.Add((name, unpacked));
        }
        return resolved;
    }

    /// <summary>Every page up to <paramref name="maxPages"/>; beyond, the first and last quarter of that many and evenly between.</summary>
    public static IReadOnlyList<int> Sample(int pageCount, int maxPages)
    {
        if (pageCount <= maxPages)
            return Enumerable.Range(1, pageCount).ToList();
        var edge = maxPages / 4;
        var middle = maxPages - 2 * edge;
        var pages = new SortedSet<int>(Enumerable.Range(1, edge).Concat(Enumerable.Range(pageCount - edge + 1, edge)));
        for (var i = 0; i < middle; i++)
            pages.Add(edge + 1 + (int)((long)i * (pageCount - 2 * edge) / middle));
        return pages.ToList();
    }

    private static bool IsPdf(string path) =>
        path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pdf.gz", StringComparison.OrdinalIgnoreCase);
}
