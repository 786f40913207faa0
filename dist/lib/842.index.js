import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id=842;export const ids=[842];export const modules={842:(r,e,s)=>{s.d(e,{csdockerBuild:()=>csdockerBuild});var d=s(52682);var o=s(11134);const c="csdocker";function csdockerBuild(r,e){const s={...e,build_args:{...e.build_args,...e.env}};return(0,d._o)(r,e,i=>{if(e.secrets_mode==="build_args"){(0,d._I)(r.log,Object.keys(i),"build_args","the image history (`docker history` prints build args)");return(0,o.dockerBuild)(r,s,{builder:c,buildArgs:i})}return(0,o.dockerBuild)(r,s,{builder:c,secrets:i,secretsFrom:"Vault"})})}}};