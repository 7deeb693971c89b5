namespace Fleet.Contracts.Results;

/// <summary>
/// A finished document's result as kept for reuse (<see cref="RunKeys.StoredResult"/>), with the batch that made it:
/// a rerun ignores results made before it but still shares its own between identical files. It points at the
/// document's own &lt;name&gt;.json (<paramref name="Json"/>, whose checksum tells when that file was replaced since)
/// rather than holding a second copy; only when the batch wrote no JSON does it hold the <paramref name="Result"/> itself.
/// </summary>
/// <param name="Sha256">The input's content hash, the same as the result's.</param>
/// <param name="Engines">What made the result (the reader checks OCR'd pages were made by its own engine).</param>
public sealed record StoredResult(Guid BatchId, string Sha256, IReadOnlyList<string> Engines, OutputObject? Json = null, DocumentResult? Result = null);
