namespace Fleet.Ingest.Api.Batches;

/// <summary>What the batch endpoints need, handed in with <c>[AsParameters]</c>.</summary>
public sealed record BatchServices(
    [FromServices] IPublishEndpoint Publish,
    [FromServices] IBatchStatusReader Status,
    [FromServices] IObjectStore Store,
    [FromServices] ISubmissions Submissions);
