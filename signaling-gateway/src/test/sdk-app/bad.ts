// Must NOT type-check (SdkPackageTest expects tsc to reject each marked line): proves the
// declarations constrain callers rather than accepting anything.
import LiveRoomEngine from 'liveroom-sdk';

const zg = new LiveRoomEngine(1);
zg.on('roomStreamUpdate', (roomID: number) => console.log(roomID)); // BAD: roomID is a string
zg.on('noSuchEvent', () => {}); // BAD: unknown event
export async function f(local: MediaStream) {
  await zg.useVideoDevice('cam-1', local); // BAD: argument order is (localStream, deviceID)
  await zg.setVideoConfig(local, { width: '320' }); // BAD: width is a number
  await zg.startMixerTask({ taskID: 'm', inputList: [{ streamID: 'a' }], outputList: [] }); // BAD: layout is required
}
