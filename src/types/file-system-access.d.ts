// Parts of the File System Access API that TypeScript's DOM library does not describe yet.
interface FileSystemHandle {
  /** Moves (and/or renames) the entry. Silently overwrites an existing target: check first. */
  move(destination: FileSystemDirectoryHandle, newName?: string): Promise<void>;
  move(newName: string): Promise<void>;
  queryPermission(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
}

interface Window {
  showDirectoryPicker?(options?: { id?: string; mode?: 'read' | 'readwrite'; startIn?: string }): Promise<FileSystemDirectoryHandle>;
}

interface DataTransferItem {
  /** Chrome and Edge only: the dropped file or folder as a handle (read access granted). */
  getAsFileSystemHandle?(): Promise<FileSystemHandle | null>;
}
