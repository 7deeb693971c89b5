namespace Fleet.Tests.Support;

/// <summary>A fresh input and output folder (two local buckets) per test, removed afterwards.</summary>
public abstract class BatchFoldersFixture
{
    protected DirectoryInfo Input { get; private set; } = null!;
    protected DirectoryInfo Output { get; private set; } = null!;

    [SetUp]
    public void CreateFolders()
    {
        var root = Directory.CreateTempSubdirectory($"fleet-{GetType().Name}-");
        Input = root.CreateSubdirectory("in");
        Output = root.CreateSubdirectory("out");
    }

    /// <summary>
    /// A host may still be finishing a write as the test ends (a manifest, a reuse record): the folders are removed once
    /// it is done, after a few tries; what cannot be removed is left in the temp folder rather than failing the test.
    /// </summary>
    [TearDown]
    public void RemoveFolders()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Input.Parent!.Delete(recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(200 * attempt);
            }
            catch (IOException e)
            {
                TestContext.Out.WriteLine($"left {Input.Parent!.FullName}: {e.Message}");
                return;
            }
        }
    }

    protected void AddInput(string name, byte[] content) => File.WriteAllBytes(Path.Combine(Input.FullName, name), content);
}
