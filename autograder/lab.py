"""The course's JupyterLab server: notebooks reach the browser with the language information of this environment's
kernel.

JupyterLab writes the kernel's `language_info` (with the exact Python version) into a notebook's metadata when its
kernel starts, and a notebook whose stored version differs is then marked as modified before the student typed
anything (and saved with only that change). The stored lessons cannot know which Python 3.11 to 3.14 a student has;
the server, which runs on the kernel's own Python, can. Nothing is written to disk: the file changes only when the
student saves, as it would anyway.

`make install` points the server at this contents manager (ServerApp.contents_manager_class, in the environment's
etc/jupyter/jupyter_server_config.json), so `make lab` and the browser tests use it.
"""
from ipykernel.ipkernel import IPythonKernel
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager


class CourseContentsManager(AsyncLargeFileManager):
    """Jupyter's default contents manager, whose Python notebooks carry this kernel's language_info when read."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and model["type"] == "notebook":
            metadata = model["content"]["metadata"]
            if metadata.get("kernelspec", {}).get("language") == "python":
                metadata["language_info"] = dict(IPythonKernel.language_info)
        return model
