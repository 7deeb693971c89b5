using System.IO.Compression;
using System.Text;

namespace Fleet.Tests.Support;

/// <summary>
/// Writes a PDF object by object, for inputs PDFsharp will not make (bombs, CMYK, soft masks, CCITT streams, pages at
/// the size limit). Text uses the standard Helvetica font, which every reader has built in.
/// </summary>
public sealed class HandBuiltPdf
{
    private readonly List<byte[]?> objects = [];
    private readonly List<int> pages = [];
    private readonly int pagesId;
    private readonly int fontId;

    /// <param name="encoding">The font's encoding: a name, or a dictionary with <c>/Differences</c> (e.g. to draw ligature glyphs).</param>
    public HandBuiltPdf(string encoding = "/WinAnsiEncoding")
    {
        pagesId = Reserve();
        fontId = Add($"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {encoding} >>");
    }

    /// <summary>Adds an object and returns its number.</summary>
    public int Add(string body)
    {
        objects.Add(Latin1(body));
        return objects.Count;
    }

    /// <summary>Adds a stream object whose data is written as given; <paramref name="dictionary"/> names any filter.</summary>
    public int AddStream(string dictionary, byte[] data)
    {
        var head = Latin1($"<< {dictionary} /Length {data.Length} >>\nstream\n");
        objects.Add([.. head, .. data, .. Latin1("\nendstream")]);
        return objects.Count;
    }

    /// <summary>
    /// Adds a page of <paramref name="width"/> x <paramref name="height"/> points with text lines from the top-left
    /// margin, then whatever extra content and resources (e.g. <c>/XObject &lt;&lt; /Im1 5 0 R &gt;&gt;</c>) are given.
    /// </summary>
    public void AddPage(double width, double height, IReadOnlyList<string> lines, string extraContent = "", string extraResources = "",
        double fontSize = 12, string pageEntries = "")
    {
        var content = new StringBuilder(extraContent).Append('\n');
        for (var i = 0; i < lines.Count; i++)
        {
            var y = height - 72 - fontSize - i * fontSize * 1.4;
            content.Append($"BT /F1 {fontSize} Tf 72 {y:0.##} Td ({Escape(lines[i])}) Tj ET\n");
        }

        var contentId = AddStream("", Latin1(content.ToString()));
        pages.Add(Add($"<< /Type /Page /Parent {pagesId} 0 R /MediaBox [0 0 {width:0.##} {height:0.##}] " +
                      $"/Resources << /Font << /F1 {fontId} 0 R >> {extraResources} >> /Contents {contentId} 0 R {pageEntries} >>"));
    }

    public byte[] Build()
    {
        objects[pagesId - 1] = Latin1($"<< /Type /Pages /Kids [{string.Join(' ', pages.Select(p => $"{p} 0 R"))}] /Count {pages.Count} >>");
        var catalogId = Add($"<< /Type /Catalog /Pages {pagesId} 0 R >>");

        using var output = new MemoryStream();
        output.Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8);
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            output.Write(Latin1($"{i + 1} 0 obj\n"));
            output.Write(objects[i] ?? throw new InvalidOperationException($"object {i + 1} was reserved but never written"));
            output.Write(Latin1("\nendobj\n"));
        }

        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append($"{offset:D10} 00000 n \n");
        }

        table.Append($"trailer\n<< /Size {objects.Count + 1} /Root {catalogId} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Latin1(table.ToString()));
        return output.ToArray();
    }

    /// <summary>zlib (FlateDecode) of <paramref name="count"/> copies of one byte, streamed so the input never exists in memory.</summary>
    public static byte[] DeflatedRun(byte value, long count)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            Array.Fill(block, value);
            for (var left = count; left > 0; left -= block.Length)
            {
                zlib.Write(block, 0, (int)Math.Min(block.Length, left));
            }
        }

        return compressed.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private int Reserve()
    {
        objects.Add(null);
        return objects.Count;
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
}
