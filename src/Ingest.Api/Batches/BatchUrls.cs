namespace Fleet.Ingest.Api.Batches;

public static class BatchUrls
{
    public static string Status(Guid batchId) => $"/batches/{batchId}";

    public static string Manifest(Guid batchId) => $"/batches/{batchId}/manifest";

    public static string Documents(Guid batchId) => $"/batches/{batchId}/documents";
}
