namespace Fleet.Infrastructure.Hosting;

/// <summary>What a process does in the fleet. Any mix runs in one process; every role may run as many replicas as wanted.</summary>
[Flags]
public enum FleetRoles
{
    None = 0,

    /// <summary>The HTTP API: validates and publishes batches, reads their state.</summary>
    Api = 1,

    /// <summary>The batch and document sagas, input listing and manifests.</summary>
    Orchestrator = 2,

    /// <summary>Inspection, page chunks (text layer, render, OCR) and assembly: loads PDFium, ONNX Runtime and the models.</summary>
    Worker = 4,

    /// <summary>
    /// The bucket drop: reads S3 event notifications from SQS and submits the new PDFs as batches. Not part of
    /// <see cref="All"/>: it runs where it is asked for (<c>fleet serve --role ingest</c>), since every process started
    /// with it reads the queue.
    /// </summary>
    Ingest = 8,

    /// <summary>Every role a batch needs; <c>fleet run</c> and <c>fleet serve</c> without <c>--role</c>.</summary>
    All = Api | Orchestrator | Worker,
}

public static class FleetRolesParser
{
    public const string Names = "api, orchestrator, worker, ingest";

    /// <summary>"api,orchestrator" → Api | Orchestrator; null or empty → All; an unknown name → an error naming it.</summary>
    public static bool TryParse(string? text, out FleetRoles roles, out string? error)
    {
        (roles, error) = (FleetRoles.None, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            roles = FleetRoles.All;
            return true;
        }
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<FleetRoles>(name, ignoreCase: true, out var role) || role is FleetRoles.None || !Enum.IsDefined(role))
            {
                error = $"unknown role '{name}'; roles are {Names} (comma-separated)";
                return false;
            }
            roles |= role;
        }
        return true;
    }

    public static string Describe(this FleetRoles roles) =>
        roles == FleetRoles.All ? "api, orchestrator, worker"
            : string.Join(", ", Enum.GetValues<FleetRoles>().Where(r => r is not (FleetRoles.None or FleetRoles.All) && roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant()));
}
