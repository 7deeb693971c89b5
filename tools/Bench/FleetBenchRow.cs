namespace Fleet.Bench;

/// <summary>
/// One measured batch: <paramref name="Mode"/> is distributed (fleet serve processes on RabbitMQ, the database and S3)
/// or embedded (fleet run's in-memory composition, local folders). <paramref name="CpuMs"/> holds each process's CPU
/// over the batch (the fleet's own, the servers', and the whole machine's busy time); <paramref name="Error"/> is set
/// when the batch did not complete with every document succeeded, and then its speed means nothing.
/// </summary>
public sealed record FleetBenchRow(
    string Mode,
    int Documents,
    int PagesPerDocument,
    int Succeeded,
    int Failed,
    int Reused,
    int Pages,
    double WallMs,
    double ManifestElapsedMs,
    double FleetCpuMs,
    IReadOnlyDictionary<string, double> CpuMs,
    string? Error)
{
    public bool Valid => Error is null;

    public double DocumentsPerSecond => WallMs > 0 ? Documents / (WallMs / 1000) : 0;

    public double PagesPerSecond => WallMs > 0 ? Pages / (WallMs / 1000) : 0;

    public double WallMsPerDocument => WallMs / Documents;

    public double CpuMsPerDocument => FleetCpuMs / Documents;

    /// <summary>The CPU every listed process spent per document.</summary>
    public IReadOnlyDictionary<string, double> CpuMsPerDocumentByProcess => CpuMs.ToDictionary(p => p.Key, p => p.Value / Documents);
}
