namespace Fleet.Worker.Documents;

/// <summary>An input bigger than the worker reads (<see cref="WorkerOptions.MaxFileBytes"/>): refused before a byte of it was read.</summary>
public sealed class InputTooLargeException(long size, long limit)
    : Exception($"file is {size:N0} bytes, over the limit of {limit:N0} bytes")
{
    public long Size { get; } = size;
}
