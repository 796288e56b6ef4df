exports.id=276,exports.ids=[276],exports.modules={14276:(module=>{module.exports=eval("require")("@node-rs/xxhash")})};
