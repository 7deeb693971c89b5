using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>
/// The one JSON style of every object Fleet writes: camelCase, enums as strings; indented for the manifest and other
/// records people read (<see cref="Serialize{T}"/>), on one line for results (<see cref="SerializeCompact{T}"/>),
/// whose size grows with every word.
/// </summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    public static readonly JsonSerializerOptions CompactOptions = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        // Results are files for people and tools, not HTML: keep '+', quotes and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Without indentation: a document's result, a chunk's, the reuse record.</summary>
    public static byte[] SerializeCompact<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, CompactOptions);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"empty {typeof(T).Name} document");
}
