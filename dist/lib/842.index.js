import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id=842;export const ids=[842];export const modules={842:(r,e,d)=>{d.d(e,{csdockerBuild:()=>csdockerBuild});var s=d(52682);var o=d(11134);const i="csdocker";function csdockerBuild(r,e){const d={...e,build_args:{...e.build_args,...e.env}};return(0,s._o)(r,e,c=>{if(e.secrets_mode==="build_args"){(0,s._I)(r.log,Object.keys(c),"build_args","the image history (`docker history` prints build args)");return(0,o.dockerBuild)(r,d,{builder:i,buildArgs:c})}return(0,o.dockerBuild)(r,d,{builder:i,secrets:c})})}}};