using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fleet.Bench;

internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Page texts hold quotes and ampersands; escaping them would make the results file hard to read.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
