namespace Fleet.Worker.Documents;

/// <summary>
/// A lease on the local copy of one version of an input document. The file stays on disk, unchanged, until the lease
/// is disposed; dispose it when done reading.
/// </summary>
public sealed class CachedDocument : IDisposable
{
    private readonly Action release;
    private int released;

    internal CachedDocument(string path, long size, string sha256, string eTag, Action release)
    {
        Path = path;
        Size = size;
        Sha256 = sha256;
        ETag = eTag;
        this.release = release;
    }

    /// <summary>The local file, for PDFium and PdfPig to open.</summary>
    public string Path { get; }

    public long Size { get; }

    /// <summary>Lower-case hex sha256 of the content, computed while it was downloaded.</summary>
    public string Sha256 { get; }

    /// <summary>The version of the object this is a copy of.</summary>
    public string ETag { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
            release();
    }
}
