using System.Text.Json;
using Fleet.Orchestrator.Cost;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Writes manifest.json as a stream: the head's fields, then one document entry at a time as the ledger yields them,
/// flushed as it goes, then the cost summed from those entries on the way (<see cref="ManifestCostTally"/>). The bytes are the same as serializing the whole <see cref="Manifest"/> with
/// <see cref="ResultJson"/>, without ever holding the whole document list.
/// </summary>
public static class ManifestWriter
{
    private const int FlushBytes = 64 * 1024;

    public static async Task WriteAsync(Stream output, Manifest head, IAsyncEnumerable<ManifestDocument> documents, ManifestCostTally cost,
        CancellationToken cancellationToken)
    {
        var options = ResultJson.Options;
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = options.WriteIndented,
            Encoder = options.Encoder,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
        });

        writer.WriteStartObject();
        Property(writer, nameof(Manifest.BatchId), head.BatchId);
        Property(writer, nameof(Manifest.ReceivedAt), head.ReceivedAt);
        Property(writer, nameof(Manifest.CompletedAt), head.CompletedAt);
        Property(writer, nameof(Manifest.Input), head.Input);
        Property(writer, nameof(Manifest.Output), head.Output);
        Property(writer, nameof(Manifest.Options), head.Options);
        Property(writer, nameof(Manifest.Totals), head.Totals);
        Property(writer, nameof(Manifest.FleetVersion), head.FleetVersion);
        Property(writer, nameof(Manifest.Engines), head.Engines);
        writer.WritePropertyName(Name(nameof(Manifest.Documents)));
        writer.WriteStartArray();
        await foreach (var document in documents.WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(writer, document, options);
            cost.Add(document);
            if (writer.BytesPending >= FlushBytes)
                await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        Property(writer, nameof(Manifest.Cost), cost.Cost());
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static void Property<T>(Utf8JsonWriter writer, string name, T value)
    {
        writer.WritePropertyName(Name(name));
        JsonSerializer.Serialize(writer, value, ResultJson.Options);
    }

    private static string Name(string property) => ResultJson.Options.PropertyNamingPolicy?.ConvertName(property) ?? property;
}
