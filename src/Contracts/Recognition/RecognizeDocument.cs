namespace Fleet.Contracts.Recognition;

/// <summary>
/// Read one small document now and answer (<c>POST /recognize</c>): <see cref="DocumentRecognized"/>, or
/// <see cref="RecognitionRefused"/> with the reason. A request, not a batch: nothing is written but the answer.
/// </summary>
public sealed record RecognizeDocument(Guid RequestId, string Bucket, string Key, int MaxPages, ProcessingOptions Options);
