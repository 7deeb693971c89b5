using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Infrastructure.Persistence.Sagas;

/// <summary>
/// How a saga instance is stored in <c>fleet.saga_instances.data</c>. Other processes (the API) read that column
/// directly, so they deserialize with these options too: camelCase names, enums as strings, derived (get-only)
/// properties left out.
/// </summary>
public static class SagaJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IgnoreReadOnlyProperties = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
