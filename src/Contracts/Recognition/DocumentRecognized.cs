using Fleet.Contracts.Results;

namespace Fleet.Contracts.Recognition;

/// <summary>The document read: its pages, lines, words, boxes and confidences, and the worker's time on it.</summary>
public sealed record DocumentRecognized(Guid RequestId, DocumentResult Result, double WorkerMs);
