namespace Fleet.Engine.Ocr;

/// <summary>
/// Fleet's own ONNX Runtime operators: the native library <c>libfleet_ortops.so</c>, compiled from
/// <c>src/Engine/Native/fleet_ortops.cc</c> by the worker's build when g++ is there, and copied beside the worker.
/// Without it the int8 recogniser uses ONNX Runtime's own operators instead: the same text, about a fifth fewer pages/s
/// on the benchmark (0.99 against 1.18-1.25).
/// </summary>
internal static class FleetOps
{
    public const string Domain = "ai.fleet";

    /// <summary>LookupU8(X: uint8[...], Table: uint8[256]) → Table[X], elementwise.</summary>
    public const string LookupU8 = "LookupU8";

    public const string FileName = "libfleet_ortops.so";

    /// <summary>The library's path beside the worker's assembly, or null when this build has none.</summary>
    public static string? Library { get; } =
        Path.Combine(AppContext.BaseDirectory, FileName) is var path && File.Exists(path) ? path : null;
}
