using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// A temporary file, written as a stream and then read back as memory mapped from the file: the store's write takes
/// memory, and a 100,000-document manifest handed over this way lives in the page cache, not on the managed heap.
/// The file is deleted when disposed.
/// </summary>
internal sealed class MappedTempFile : MemoryManager<byte>, IAsyncDisposable
{
    private readonly FileStream file;
    private MemoryMappedFile? map;
    private MemoryMappedViewAccessor? view;
    private unsafe byte* pointer;
    private int length;

    private MappedTempFile(FileStream file) => this.file = file;

    public static async Task<MappedTempFile> WriteAsync(Func<Stream, Task> write)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fleet-{Guid.NewGuid():N}.tmp");
        var spool = new MappedTempFile(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose));
        try
        {
            await write(spool.file);
            await spool.file.FlushAsync();
            spool.Map();
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private unsafe void Map()
    {
        if (file.Length > int.MaxValue)
            throw new InvalidOperationException($"{file.Length} bytes is more than one object write takes (2 GiB)");
        length = (int)file.Length;
        if (length == 0)
            return;
        map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        pointer += view.PointerOffset;
    }

    public override unsafe Span<byte> GetSpan() => length == 0 ? [] : new Span<byte>(pointer, length);

    public override unsafe MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override unsafe void Dispose(bool disposing)
    {
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            view = null;
        }
        map?.Dispose();
        map = null;
        pointer = null;
        file.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        ((IDisposable)this).Dispose();
        return ValueTask.CompletedTask;
    }
}
