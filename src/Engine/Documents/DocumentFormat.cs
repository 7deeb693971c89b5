namespace Fleet.Engine.Documents;

/// <summary>What an input file is, told by its first bytes (a name can lie; the bytes decide how it is opened).</summary>
public enum DocumentFormat
{
    Unknown,
    Pdf,
    Png,
    Jpeg,
    Tiff,
    WebP,
}

public static class DocumentFormats
{
    // PDF 1.7 §7.5.2 allows bytes before the header; readers in practice look within the first 1024.
    public const int HeaderWindow = 1024;

    public static DocumentFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return DocumentFormat.Png;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return DocumentFormat.Jpeg;
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
            return DocumentFormat.Tiff;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return DocumentFormat.WebP;
        return head.IndexOf("%PDF-"u8) >= 0 ? DocumentFormat.Pdf : DocumentFormat.Unknown;
    }

    public static string Name(this DocumentFormat format) => format switch
    {
        DocumentFormat.Pdf => "PDF",
        DocumentFormat.Png => "PNG",
        DocumentFormat.Jpeg => "JPEG",
        DocumentFormat.Tiff => "TIFF",
        DocumentFormat.WebP => "WebP",
        _ => "unknown",
    };

    /// <summary>The format of a file on disk, from its first <see cref="HeaderWindow"/> bytes; Unknown for an empty file.</summary>
    public static DocumentFormat OfFile(string path)
    {
        Span<byte> head = stackalloc byte[HeaderWindow];
        using var file = File.OpenHandle(path);
        var read = RandomAccess.Read(file, head, 0);
        return Sniff(head[..read]);
    }
}
